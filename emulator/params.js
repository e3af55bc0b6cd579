// Parameter validation for SSM and STS: the rules the real services apply, as pure functions.
import { ApiError, checkParameterNames, optionalString } from './api-error.js';

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SSH_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_]{0,24}$/;
const MAX_DESCRIPTION_BYTES = 2048;
const MAX_DURATION_SECONDS = 43200;
const DEFAULT_DURATION_SECONDS = 7200;
const SESSION_NAME = /^[\w+=,.@-]{2,128}$/;

/**
 * @param {unknown} name
 * @returns {string}
 */
export function validateSecretName(name) {
  if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
    throw new ApiError(
      'InvalidParameterValue',
      'SecretName must be 1-128 characters of A-Z a-z 0-9 _ -, starting with a letter or digit.',
    );
  }
  return name;
}

/**
 * @param {unknown} name
 * @returns {string}
 */
export function validateSshKeyName(name) {
  if (typeof name !== 'string' || !SSH_KEY_NAME.test(name)) {
    throw new ApiError(
      'InvalidParameterValue',
      'SSHKeyName must be 1-25 characters of A-Z a-z 0-9 _, starting with a letter or digit.',
    );
  }
  return name;
}

/**
 * @param {unknown} tags
 * @returns {{ TagKey: string, TagValue?: string }[]}
 */
function validateTags(tags) {
  if (tags === undefined || tags === null) return [];
  const valid =
    Array.isArray(tags) &&
    tags.every(
      (tag) =>
        typeof tag === 'object' &&
        tag !== null &&
        typeof tag.TagKey === 'string' &&
        tag.TagKey.length > 0 &&
        (tag.TagValue === undefined || typeof tag.TagValue === 'string'),
    );
  if (!valid) throw new ApiError('InvalidParameter', 'Tags must be a list of {TagKey, TagValue}.');
  return tags.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue }));
}

/**
 * @param {Record<string, unknown>} params
 * @returns {import('./ssm.js').SecretOptions}
 */
export function parseCreateParams(params) {
  checkParameterNames(params, {
    required: ['SecretName', 'ProjectId'],
    optional: ['Description', 'KmsKeyId', 'Tags', 'SSHKeyName', 'KmsHsmClusterId', 'EncryptType'],
  });
  const name = validateSecretName(params.SecretName);
  if (!Number.isInteger(params.ProjectId)) {
    throw new ApiError('InvalidParameter', 'ProjectId must be an integer.');
  }
  const description = optionalString(params, 'Description');
  if (description !== undefined && Buffer.byteLength(description) > MAX_DESCRIPTION_BYTES) {
    throw new ApiError('InvalidParameterValue', 'Description must be at most 2048 bytes.');
  }
  const sshKeyName = optionalString(params, 'SSHKeyName');
  return {
    name,
    projectId: /** @type {number} */ (params.ProjectId),
    description,
    kmsKeyId: optionalString(params, 'KmsKeyId'),
    tags: validateTags(params.Tags),
    sshKeyName: sshKeyName === undefined ? undefined : validateSshKeyName(sshKeyName),
  };
}

/**
 * AssumeRoleWithWebIdentity parameters.
 * @param {Record<string, unknown>} params
 */
export function parseAssumeParams(params) {
  checkParameterNames(params, {
    required: ['ProviderId', 'WebIdentityToken', 'RoleArn', 'RoleSessionName'],
    optional: ['DurationSeconds'],
  });
  const sessionName = /** @type {string} */ (optionalString(params, 'RoleSessionName'));
  if (!SESSION_NAME.test(sessionName)) {
    throw new ApiError(
      'InvalidParameter.ParamError',
      'RoleSessionName must be 2-128 characters of letters, digits and =,.@_-.',
    );
  }
  const duration = params.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(duration) || /** @type {number} */ (duration) < 1) {
    throw new ApiError(
      'InvalidParameter.ParamError',
      'DurationSeconds must be a positive integer.',
    );
  }
  if (/** @type {number} */ (duration) > MAX_DURATION_SECONDS) {
    throw new ApiError(
      'InvalidParameter.OverTimeError',
      `DurationSeconds must be at most ${MAX_DURATION_SECONDS}.`,
    );
  }
  return {
    providerId: /** @type {string} */ (optionalString(params, 'ProviderId')),
    token: /** @type {string} */ (optionalString(params, 'WebIdentityToken')),
    roleArn: /** @type {string} */ (optionalString(params, 'RoleArn')),
    sessionName,
    duration: /** @type {number} */ (duration),
  };
}
