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
  /** `ssh-host`: a Host block each in ssh's config, offering only this key. */
  sshHosts: SshHost[];
  /** `ssh-jump-host`: the ProxyJump of every `ssh-host` entry. */
  jumpHost?: JumpHost;
  /** `git-repositories`: deploy-key repositories git reaches with this key, whatever the URL form. */
  gitRepositories: GitRepository[];
  /** `mode: certificate` only: the KMS CA and what the certificate says. */
  certificate?: CertificateSettings;
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

/** One `ssh-host` entry, `[alias=][user@]host[:port]`; `alias` is `hostName` when none is given. */
export interface SshHost {
  alias: string;
  /** A DNS name or an IP address (IPv6 without its brackets). */
  hostName: string;
  user?: string;
  port?: number;
}

/** `ssh-jump-host`: `[user@]host[:port]`. */
export interface JumpHost {
  hostName: string;
  user?: string;
  port?: number;
}

/** One `git-repositories` entry, `[host/]owner/repo`; `host` defaults to github.com. */
export interface GitRepository {
  host: string;
  owner: string;
  /** Without a `.git` suffix. */
  repo: string;
}

/** `mode: certificate`: a short-lived certificate signed by the CA key in KMS. */
export interface CertificateSettings {
  /** `ca-kms-key-id` */
  caKeyId: string;
  /** `kms-endpoint` */
  kmsEndpoint: Endpoint;
  /** `certificate-principals`: server user names the certificate is valid for. */
  principals: string[];
  /** `certificate-lifetime`, 1 to 86400 seconds. */
  lifetimeSeconds: number;
  /** `certificate-source-address`: CIDRs for the critical option `source-address`; empty for none. */
  sourceAddresses: string[];
}
