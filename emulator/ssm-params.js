// SSM parameter validation: the rules the real service applies, as pure functions.
import { ApiError, checkParameterNames, optionalString } from './api-error.js';

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SSH_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_]{0,24}$/;
const MAX_DESCRIPTION_BYTES = 2048;

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
