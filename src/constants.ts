/** Input names, exactly as action.yml declares them. */
export const Inputs = {
  SecretName: 'secret-name',
  SshKeyId: 'ssh-key-id',
  Mode: 'mode',
  SshAgent: 'ssh-agent',
  KeyLifetime: 'key-lifetime',
  OutputPrivateKey: 'output-private-key',
  KeyFile: 'key-file',
  KnownHosts: 'known-hosts',
  SshHost: 'ssh-host',
  SshJumpHost: 'ssh-jump-host',
  GitRepositories: 'git-repositories',
  Region: 'region',
  Endpoint: 'endpoint',
  SecretId: 'secret-id',
  SecretKey: 'secret-key',
  SessionToken: 'session-token',
  RoleArn: 'role-arn',
  OidcProviderId: 'oidc-provider-id',
  Audience: 'audience',
  RoleSessionName: 'role-session-name',
  RoleDurationSeconds: 'role-duration-seconds',
  StsEndpoint: 'sts-endpoint',
  AllowPlainHttp: 'allow-plain-http',
  ProjectId: 'project-id',
  Description: 'description',
  KmsKeyId: 'kms-key-id',
  SshKeyName: 'ssh-key-name',
  Tags: 'tags',
  MaxAttempts: 'max-attempts',
  TimeoutSeconds: 'timeout-seconds',
  CaKmsKeyId: 'ca-kms-key-id',
  KmsEndpoint: 'kms-endpoint',
  CertificatePrincipals: 'certificate-principals',
  CertificateLifetime: 'certificate-lifetime',
  CertificateSourceAddress: 'certificate-source-address',
} as const;

/** Output names, exactly as action.yml declares them. */
export const Outputs = {
  SecretName: 'secret-name',
  SshKeyId: 'ssh-key-id',
  SshKeyName: 'ssh-key-name',
  ProjectId: 'project-id',
  PublicKey: 'public-key',
  Fingerprint: 'fingerprint',
  Created: 'created',
  PrivateKey: 'private-key',
  KeyFile: 'key-file',
  SshAuthSock: 'ssh-auth-sock',
  SshAgentPid: 'ssh-agent-pid',
  Certificate: 'certificate',
  CaPublicKey: 'ca-public-key',
  ValidBefore: 'valid-before',
} as const;

/** Names of the values the main step keeps in action state for the post step. */
export const State = {
  Journal: 'journal',
} as const;

/** Environment variables the action reads or exports. */
export const Env = {
  Region: 'TENCENTCLOUD_REGION',
  SecretId: 'TENCENTCLOUD_SECRET_ID',
  SecretKey: 'TENCENTCLOUD_SECRET_KEY',
  SessionToken: 'TENCENTCLOUD_SESSION_TOKEN',
  AuthSock: 'SSH_AUTH_SOCK',
  AgentPid: 'SSH_AGENT_PID',
  RunnerTemp: 'RUNNER_TEMP',
  Workspace: 'GITHUB_WORKSPACE',
} as const;

export const Defaults = {
  SsmEndpoint: 'ssm.tencentcloudapi.com',
  StsEndpoint: 'sts.tencentcloudapi.com',
  Audience: 'sts.tencentcloudapi.com',
  SsmVersion: '2019-09-23',
  StsVersion: '2018-08-13',
  KmsEndpoint: 'kms.tencentcloudapi.com',
  KmsVersion: '2019-01-18',
} as const;

export const Modes = ['get', 'create', 'get-or-create', 'certificate'] as const;
export type Mode = (typeof Modes)[number];
