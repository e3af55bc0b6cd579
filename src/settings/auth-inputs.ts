import { Defaults, Env, Inputs } from '../constants.js';
import { readInteger, type InputSource } from './input-source.js';
import type { AuthSettings, OidcAuth } from './settings.js';
import { InputError, SECRET_ID, checkPattern, checkSecretValue, fail } from './validate.js';
import { parseEndpoint } from './endpoint.js';

/**
 * Credentials in the documented precedence: the secret-id/secret-key inputs, then keyless auth
 * when role-arn is set, then the TENCENTCLOUD_* variables. Secret values are never echoed.
 */
export function readAuth(source: InputSource, allowPlainHttp: boolean): AuthSettings {
  const keyless = readKeylessOptions(source, allowPlainHttp);
  const secretId = source.input(Inputs.SecretId);
  const secretKey = source.input(Inputs.SecretKey);
  const sessionToken = source.input(Inputs.SessionToken);
  const roleArn = source.input(Inputs.RoleArn);
  const providerId = source.input(Inputs.OidcProviderId);
  if (keyless.roleSessionName && !roleArn && !providerId) {
    const expected = "to be set only with 'role-arn' and 'oidc-provider-id'";
    fail(Inputs.RoleSessionName, keyless.roleSessionName, expected);
  }
  if (secretId || secretKey) return staticInputs(secretId, secretKey, sessionToken);
  if (sessionToken) {
    const expected = "to be set together with 'secret-id' and 'secret-key'";
    fail(Inputs.SessionToken, sessionToken, expected, true);
  }
  if (roleArn || providerId) return readOidcAuth(keyless, roleArn, providerId);
  return staticEnvironment(source);
}

function staticInputs(secretId: string, secretKey: string, sessionToken: string): AuthSettings {
  if (!secretId) fail(Inputs.SecretId, '', "to be set together with 'secret-key'");
  if (!secretKey) fail(Inputs.SecretKey, '', "to be set together with 'secret-id'");
  const names: [string, string] = [Inputs.SecretId, Inputs.SecretKey];
  return staticAuth('inputs', secretId, secretKey, sessionToken, names);
}

function staticEnvironment(source: InputSource): AuthSettings {
  const envId = source.env(Env.SecretId);
  const envKey = source.env(Env.SecretKey);
  if (envId && envKey) {
    const names: [string, string] = [Env.SecretId, Env.SecretKey];
    return staticAuth('environment', envId, envKey, source.env(Env.SessionToken), names);
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
  if (sessionToken)
    checkSecretValue(source === 'inputs' ? Inputs.SessionToken : Env.SessionToken, sessionToken);
  return { kind: 'static', source, secretId, secretKey, sessionToken: sessionToken || undefined };
}

type KeylessOptions = Pick<
  OidcAuth,
  'audience' | 'roleSessionName' | 'durationSeconds' | 'stsEndpoint'
>;

/** Validated whether or not keyless auth is used: a bad value is a mistake either way. */
function readKeylessOptions(source: InputSource, allowPlainHttp: boolean): KeylessOptions {
  const sessionName = source.input(Inputs.RoleSessionName);
  return {
    audience: checkPattern(
      Inputs.Audience,
      source.input(Inputs.Audience) || Defaults.Audience,
      /^[\x21-\x7e]{1,256}$/,
      '1-256 printable characters without spaces',
    ),
    roleSessionName: sessionName
      ? checkPattern(
          Inputs.RoleSessionName,
          sessionName,
          /^[\w+=,.@-]{2,128}$/,
          '2-128 characters of letters, digits and _+=,.@-',
        )
      : undefined,
    durationSeconds: readInteger(source, Inputs.RoleDurationSeconds, '900', {
      min: 900,
      max: 43_200,
    }),
    stsEndpoint: parseEndpoint(
      Inputs.StsEndpoint,
      source.input(Inputs.StsEndpoint) || Defaults.StsEndpoint,
      allowPlainHttp,
    ),
  };
}

function readOidcAuth(keyless: KeylessOptions, roleArn: string, providerId: string): AuthSettings {
  if (!roleArn) fail(Inputs.RoleArn, '', "to be set together with 'oidc-provider-id'");
  if (!providerId) fail(Inputs.OidcProviderId, '', "to be set together with 'role-arn'");
  return {
    kind: 'oidc',
    roleArn: checkPattern(
      Inputs.RoleArn,
      roleArn,
      /^qcs::cam::uin\/\d+:role(Name)?\/[\w+=,.@/-]{1,128}$/,
      'a CAM role ARN such as qcs::cam::uin/100000000001:roleName/deploy',
    ),
    providerId: checkPattern(
      Inputs.OidcProviderId,
      providerId,
      /^[\w.@+=,-]{1,128}$/,
      'the name of a CAM OIDC identity provider',
    ),
    ...keyless,
  };
}
