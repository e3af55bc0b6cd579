import * as core from '@actions/core';
import { Defaults, Env, Inputs } from './constants.js';
import type { AuthSettings, CreateSettings, SecretRef, Settings } from './settings.js';
import {
  InputError,
  KMS_KEY_ID,
  REGION,
  SECRET_ID,
  SSH_KEY_ID,
  SSH_KEY_NAME,
  checkMaxBytes,
  checkPattern,
  checkSecretValue,
  fail,
  parseBoolean,
  parseEndpoint,
  parseInteger,
  parseMode,
  parseSecretName,
  parseTags,
} from './validate.js';
import { parseKnownHostsInput } from './known-hosts.js';

/** Where inputs come from; the runner's INPUT_* variables by default, a map in tests. */
export interface InputSource {
  input(name: string): string;
  env(name: string): string;
}

const runnerSource: InputSource = {
  input: (name) => core.getInput(name),
  env: (name) => (process.env[name] ?? '').trim(),
};

/**
 * The only reader of the action's inputs. Validates everything before any API call; secret
 * values are masked as soon as they are read.
 */
export function readSettings(source: InputSource = runnerSource): Settings {
  maskSecretInputs(source);
  const mode = parseMode(source.input(Inputs.Mode) || 'get');
  const sshAgent = parseBoolean(Inputs.SshAgent, source.input(Inputs.SshAgent) || 'true');
  const settings: Settings = {
    mode,
    secret: readSecretRef(source, mode),
    sshAgent,
    keyLifetimeSeconds: readKeyLifetime(source, sshAgent),
    outputPrivateKey: parseBoolean(
      Inputs.OutputPrivateKey,
      source.input(Inputs.OutputPrivateKey) || 'false',
    ),
    keyFile: source.input(Inputs.KeyFile) || undefined,
    knownHosts: parseKnownHostsInput(Inputs.KnownHosts, source.input(Inputs.KnownHosts)),
    region: readRegion(source),
    endpoint: parseEndpoint(Inputs.Endpoint, source.input(Inputs.Endpoint) || Defaults.SsmEndpoint),
    auth: readAuth(source),
    create: readCreateSettings(source, mode),
    maxAttempts: readInteger(source, Inputs.MaxAttempts, '5', { min: 1, max: 20 }),
    timeoutSeconds: readInteger(source, Inputs.TimeoutSeconds, '30', { min: 1, max: 600 }),
  };
  return settings;
}

function maskSecretInputs(source: InputSource): void {
  for (const value of [
    source.input(Inputs.SecretKey),
    source.input(Inputs.SessionToken),
    source.env(Env.SecretKey),
    source.env(Env.SessionToken),
  ]) {
    if (value) core.setSecret(value);
  }
}

function readInteger(
  source: InputSource,
  name: string,
  fallback: string,
  range: { min: number; max: number },
): number {
  return parseInteger(name, source.input(name) || fallback, range);
}

function readSecretRef(source: InputSource, mode: Settings['mode']): SecretRef {
  const name = source.input(Inputs.SecretName);
  const keyId = source.input(Inputs.SshKeyId);
  if (keyId) {
    if (mode !== 'get') fail(Inputs.SshKeyId, keyId, `to be used only with mode 'get' (mode is '${mode}')`);
    if (name) fail(Inputs.SshKeyId, keyId, `either 'secret-name' or 'ssh-key-id', not both`);
    return { sshKeyId: checkPattern(Inputs.SshKeyId, keyId, SSH_KEY_ID, 'skey- followed by 8 letters or digits') };
  }
  if (!name) {
    const alternative = mode === 'get' ? " (or 'ssh-key-id')" : '';
    throw new InputError(Inputs.SecretName, `Input 'secret-name'${alternative} is required in mode '${mode}'.`);
  }
  return { secretName: parseSecretName(name) };
}

function readKeyLifetime(source: InputSource, sshAgent: boolean): number | undefined {
  const value = source.input(Inputs.KeyLifetime);
  if (!value) return undefined;
  if (!sshAgent) fail(Inputs.KeyLifetime, value, "to be set only when 'ssh-agent' is true");
  return parseInteger(Inputs.KeyLifetime, value, { min: 1, max: 31_536_000 });
}

function readRegion(source: InputSource): string {
  const value = source.input(Inputs.Region) || source.env(Env.Region);
  if (!value) {
    throw new InputError(
      Inputs.Region,
      `Input 'region' is required: set it or the ${Env.Region} environment variable (e.g. ap-guangzhou).`,
    );
  }
  return checkPattern(Inputs.Region, value, REGION, 'a Tencent Cloud region such as ap-guangzhou');
}

function readAuth(source: InputSource): AuthSettings {
  const secretId = source.input(Inputs.SecretId);
  const secretKey = source.input(Inputs.SecretKey);
  const sessionToken = source.input(Inputs.SessionToken);
  const roleArn = source.input(Inputs.RoleArn);
  const providerId = source.input(Inputs.OidcProviderId);
  if (secretId || secretKey) {
    if (!secretId) fail(Inputs.SecretId, '', "to be set together with 'secret-key'");
    if (!secretKey) fail(Inputs.SecretKey, '', "to be set together with 'secret-id'");
    return staticAuth('inputs', secretId, secretKey, sessionToken, [Inputs.SecretId, Inputs.SecretKey]);
  }
  if (sessionToken) fail(Inputs.SessionToken, sessionToken, "to be set together with 'secret-id' and 'secret-key'", true);
  if (roleArn || providerId) return readOidcAuth(source, roleArn, providerId);
  const envId = source.env(Env.SecretId);
  const envKey = source.env(Env.SecretKey);
  if (envId && envKey) {
    return staticAuth('environment', envId, envKey, source.env(Env.SessionToken), [Env.SecretId, Env.SecretKey]);
  }
  throw new InputError(
    Inputs.SecretId,
    "No credentials: set 'secret-id' and 'secret-key', or 'role-arn' and 'oidc-provider-id' for keyless auth, " +
      `or the ${Env.SecretId} and ${Env.SecretKey} environment variables.`,
  );
}

function staticAuth(
  source: 'inputs' | 'environment',
  secretId: string,
  secretKey: string,
  sessionToken: string,
  names: [string, string],
): AuthSettings {
  checkPattern(names[0], secretId, SECRET_ID, 'an API key ID (letters, digits, _ and -)');
  checkSecretValue(names[1], secretKey);
  if (sessionToken) checkSecretValue(source === 'inputs' ? Inputs.SessionToken : Env.SessionToken, sessionToken);
  return { kind: 'static', source, secretId, secretKey, sessionToken: sessionToken || undefined };
}

function readOidcAuth(source: InputSource, roleArn: string, providerId: string): AuthSettings {
  if (!roleArn) fail(Inputs.RoleArn, '', "to be set together with 'oidc-provider-id'");
  if (!providerId) fail(Inputs.OidcProviderId, '', "to be set together with 'role-arn'");
  const sessionName = source.input(Inputs.RoleSessionName);
  return {
    kind: 'oidc',
    roleArn: checkPattern(Inputs.RoleArn, roleArn, /^qcs::cam::uin\/\d+:role(Name)?\/[\w+=,.@/-]{1,128}$/, 'a CAM role ARN such as qcs::cam::uin/100000000001:roleName/deploy'),
    providerId: checkPattern(Inputs.OidcProviderId, providerId, /^[\w.@+=,-]{1,128}$/, 'the name of a CAM OIDC identity provider'),
    audience: source.input(Inputs.Audience) || Defaults.Audience,
    roleSessionName: sessionName
      ? checkPattern(Inputs.RoleSessionName, sessionName, /^[\w+=,.@-]{2,128}$/, '2-128 characters of letters, digits and _+=,.@-')
      : undefined,
    durationSeconds: readInteger(source, Inputs.RoleDurationSeconds, '900', { min: 900, max: 43_200 }),
    stsEndpoint: parseEndpoint(Inputs.StsEndpoint, source.input(Inputs.StsEndpoint) || Defaults.StsEndpoint),
  };
}

const CREATE_ONLY = [Inputs.Description, Inputs.KmsKeyId, Inputs.SshKeyName, Inputs.Tags];

function readCreateSettings(source: InputSource, mode: Settings['mode']): CreateSettings {
  if (mode === 'get') {
    const given = CREATE_ONLY.find((name) => source.input(name));
    if (given) fail(given, source.input(given), `to be set only in mode 'create' or 'get-or-create' (mode is 'get')`);
  }
  const description = source.input(Inputs.Description);
  const kmsKeyId = source.input(Inputs.KmsKeyId);
  const sshKeyName = source.input(Inputs.SshKeyName);
  return {
    projectId: readInteger(source, Inputs.ProjectId, '0', { min: 0, max: 2_147_483_647 }),
    description: description ? checkMaxBytes(Inputs.Description, description, 2048) : undefined,
    kmsKeyId: kmsKeyId ? checkPattern(Inputs.KmsKeyId, kmsKeyId, KMS_KEY_ID, 'a KMS key ID such as 23e80852-1e38-11e9-b129-5cb9019b4b01') : undefined,
    sshKeyName: sshKeyName
      ? checkPattern(Inputs.SshKeyName, sshKeyName, SSH_KEY_NAME, '1-25 characters of A-Z a-z 0-9 _, starting with a letter or digit')
      : undefined,
    tags: parseTags(source.input(Inputs.Tags)),
  };
}
