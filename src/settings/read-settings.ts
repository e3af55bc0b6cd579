import { readAuth } from './auth-inputs.js';
import { Defaults, Env, Inputs } from '../constants.js';
import { readInteger, runnerSource, type InputSource } from './input-source.js';
import type { CreateSettings, SecretRef, Settings } from './settings.js';
import {
  InputError,
  KMS_KEY_ID,
  REGION,
  SSH_KEY_ID,
  SSH_KEY_NAME,
  checkMaxBytes,
  checkPattern,
  fail,
  parseBoolean,
  parseInteger,
  parseMode,
  parseSecretName,
  parseKnownHostsInput,
  parseTags,
} from './validate.js';
import { parseEndpoint } from './endpoint.js';
import { parseSshClientInputs } from './ssh-config-inputs.js';
import { readCertificateSettings } from './certificate-inputs.js';
import { mask } from '../secrets.js';

export type { InputSource } from './input-source.js';

/**
 * The only reader of the action's inputs. Validates everything before any API call; secret
 * values are masked as soon as they are read.
 */
export function readSettings(source: InputSource = runnerSource): Settings {
  maskSecretInputs(source);
  const mode = parseMode(source.input(Inputs.Mode) || 'get');
  const sshAgent = parseBoolean(Inputs.SshAgent, source.input(Inputs.SshAgent) || 'true');
  const plainHttp = readAllowPlainHttp(source);
  const keyFile = readKeyFile(source.input(Inputs.KeyFile));
  const certificate = readCertificateSettings(source, mode, plainHttp);
  const settings: Settings = {
    mode,
    secret: certificate ? NO_SECRET : readSecretRef(source, mode),
    sshAgent,
    keyLifetimeSeconds: readKeyLifetime(source, sshAgent, certificate?.lifetimeSeconds),
    outputPrivateKey: parseBoolean(
      Inputs.OutputPrivateKey,
      source.input(Inputs.OutputPrivateKey) || 'false',
    ),
    keyFile,
    knownHosts: parseKnownHostsInput(Inputs.KnownHosts, source.input(Inputs.KnownHosts)),
    ...parseSshClientInputs({
      sshHost: source.input(Inputs.SshHost),
      sshJumpHost: source.input(Inputs.SshJumpHost),
      gitRepositories: source.input(Inputs.GitRepositories),
      sshAgent,
      keyFile,
    }),
    region: readRegion(source),
    endpoint: parseEndpoint(
      Inputs.Endpoint,
      source.input(Inputs.Endpoint) || Defaults.SsmEndpoint,
      plainHttp,
    ),
    auth: readAuth(source, plainHttp),
    certificate,
    create: readCreateSettings(source, mode),
    maxAttempts: readInteger(source, Inputs.MaxAttempts, '5', { min: 1, max: 20 }),
    timeoutSeconds: readInteger(source, Inputs.TimeoutSeconds, '30', { min: 1, max: 600 }),
  };
  return settings;
}

/** The opt-in that lets `endpoint` and `sts-endpoint` be plain http to a non-loopback host. */
function readAllowPlainHttp(source: InputSource): boolean {
  return parseBoolean(Inputs.AllowPlainHttp, source.input(Inputs.AllowPlainHttp) || 'false');
}

function maskSecretInputs(source: InputSource): void {
  for (const value of [
    source.input(Inputs.SecretKey),
    source.input(Inputs.SessionToken),
    source.env(Env.SecretKey),
    source.env(Env.SessionToken),
  ]) {
    mask(value);
  }
}

/** Mode certificate reads no secret: the reference stays empty and nothing looks at it. */
const NO_SECRET: SecretRef = { secretName: '' };

function readSecretRef(source: InputSource, mode: Settings['mode']): SecretRef {
  const name = source.input(Inputs.SecretName);
  const keyId = source.input(Inputs.SshKeyId);
  if (keyId) {
    if (mode !== 'get')
      fail(Inputs.SshKeyId, keyId, `to be used only with mode 'get' (mode is '${mode}')`);
    if (name) fail(Inputs.SshKeyId, keyId, `either 'secret-name' or 'ssh-key-id', not both`);
    return {
      sshKeyId: checkPattern(
        Inputs.SshKeyId,
        keyId,
        SSH_KEY_ID,
        'skey- followed by 8 letters or digits',
      ),
    };
  }
  if (!name) {
    const alternative = mode === 'get' ? " (or 'ssh-key-id')" : '';
    throw new InputError(
      Inputs.SecretName,
      `Input 'secret-name'${alternative} is required in mode '${mode}'.`,
    );
  }
  return { secretName: parseSecretName(name) };
}

/**
 * The post step's view of `key-file`: the one key file it may delete. An invalid value yields
 * undefined (the post step then deletes no key file), never an error.
 */
export function readKeyFileForCleanup(source: InputSource = runnerSource): string | undefined {
  try {
    return readKeyFile(source.input(Inputs.KeyFile));
  } catch {
    return undefined;
  }
}

/** The form only: whether the file can be written is for the delivery step to find out. */
function readKeyFile(value: string): string | undefined {
  if (!value) return undefined;
  const expected = 'a file path such as ~/.ssh/deploy_key or keys/deploy';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) fail(Inputs.KeyFile, value, `${expected}, on one line`);
  if (/^~[^/\\]/.test(value))
    fail(Inputs.KeyFile, value, `${expected} (only ~ and ~/ are expanded, not ~user)`);
  if (/[/\\]$/.test(value) || value === '~')
    fail(Inputs.KeyFile, value, `${expected}, not a directory`);
  if (value.length > 4096) fail(Inputs.KeyFile, value, `${expected} of at most 4096 characters`);
  return value;
}

/**
 * `key-lifetime`; in mode certificate it defaults to the certificate's lifetime, so the agent
 * forgets the key when it is no use any more (not on Windows, whose agent refuses constraints).
 */
function readKeyLifetime(
  source: InputSource,
  sshAgent: boolean,
  certificateLifetime?: number,
): number | undefined {
  const value = source.input(Inputs.KeyLifetime);
  const windows = (source.platform ?? process.platform) === 'win32';
  if (!value) return sshAgent && !windows ? certificateLifetime : undefined;
  if (!sshAgent) fail(Inputs.KeyLifetime, value, "to be set only when 'ssh-agent' is true");
  const seconds = parseInteger(Inputs.KeyLifetime, value, { min: 1, max: 31_536_000 });
  if (windows) {
    throw new InputError(
      Inputs.KeyLifetime,
      `Input 'key-lifetime' ('${value}') is not supported on Windows runners: the OpenSSH agent ` +
        'service that ships with Windows refuses key constraints (ssh-add -t fails with "agent ' +
        "refused operation\"). Remove 'key-lifetime'; the post step removes the key when the job ends.",
    );
  }
  return seconds;
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

const CREATE_ONLY = [Inputs.Description, Inputs.KmsKeyId, Inputs.SshKeyName, Inputs.Tags];

/** Inputs that only creating uses are a mistake in mode get: nothing would read them. */
function rejectCreateOnlyInputs(source: InputSource): void {
  const expected = `to be set only in mode 'create' or 'get-or-create' (mode is 'get')`;
  const given = CREATE_ONLY.find((name) => source.input(name));
  if (given) fail(given, source.input(given), expected);
  const projectId = source.input(Inputs.ProjectId);
  // action.yml's default is '0': only another value says the user meant it.
  if (projectId && projectId !== '0') fail(Inputs.ProjectId, projectId, expected);
}

function readCreateSettings(source: InputSource, mode: Settings['mode']): CreateSettings {
  if (mode === 'get') rejectCreateOnlyInputs(source);
  const description = source.input(Inputs.Description);
  const kmsKeyId = source.input(Inputs.KmsKeyId);
  const sshKeyName = source.input(Inputs.SshKeyName);
  return {
    projectId: readInteger(source, Inputs.ProjectId, '0', { min: 0, max: 2_147_483_647 }),
    description: description ? checkMaxBytes(Inputs.Description, description, 2048) : undefined,
    kmsKeyId: kmsKeyId
      ? checkPattern(
          Inputs.KmsKeyId,
          kmsKeyId,
          KMS_KEY_ID,
          'a KMS key ID such as 23e80852-1e38-11e9-b129-5cb9019b4b01',
        )
      : undefined,
    sshKeyName: sshKeyName
      ? checkPattern(
          Inputs.SshKeyName,
          sshKeyName,
          SSH_KEY_NAME,
          '1-25 characters of A-Z a-z 0-9 _, starting with a letter or digit',
        )
      : undefined,
    tags: parseTags(source.input(Inputs.Tags)),
  };
}
