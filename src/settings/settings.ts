import type { Mode } from '../constants.js';

/** Static API keys, from the inputs or the TENCENTCLOUD_* environment variables. */
export interface StaticAuth {
  kind: 'static';
  source: 'inputs' | 'environment';
  secretId: string;
  secretKey: string;
  sessionToken?: string;
}

/** Keyless auth: the job's GitHub OIDC token exchanged for temporary credentials. */
export interface OidcAuth {
  kind: 'oidc';
  roleArn: string;
  providerId: string;
  audience: string;
  /** Empty means: build one from the repository and run. */
  roleSessionName?: string;
  durationSeconds: number;
  stsEndpoint: Endpoint;
}

export type AuthSettings = StaticAuth | OidcAuth;

/** Settings used only when the action creates the secret. */
export interface CreateSettings {
  projectId: number;
  /** Empty means: a description naming the repository and run. */
  description?: string;
  kmsKeyId?: string;
  sshKeyName?: string;
  tags: Tag[];
}

/** Which secret to read: by name, or (get mode only) by SSH key ID. */
export type SecretRef = { secretName: string } | { sshKeyId: string };

export interface Settings {
  mode: Mode;
  secret: SecretRef;
  sshAgent: boolean;
  keyLifetimeSeconds?: number;
  outputPrivateKey: boolean;
  keyFile?: string;
  knownHosts: string[];
  region: string;
  endpoint: Endpoint;
  auth: AuthSettings;
  create: CreateSettings;
  maxAttempts: number;
  timeoutSeconds: number;
}

/** A resource tag for a created secret, as CreateSSHKeyPairSecret takes it. */
export interface Tag {
  TagKey: string;
  TagValue: string;
}

/** An API endpoint as the SDK takes it. */
export interface Endpoint {
  protocol: 'https://' | 'http://';
  /** host[:port], as the SDK wants it */
  host: string;
}
