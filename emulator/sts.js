// STS 2018-08-13 AssumeRoleWithWebIdentity: OIDC token -> temporary credentials, and the
// registry of issued credentials that the request verifier consults.
import { randomBytes } from 'node:crypto';
import { ApiError } from './api-error.js';
import { parseAssumeParams } from './params.js';
import { randomAlnum } from './random.js';

export const DEFAULT_AUDIENCE = 'sts.tencentcloudapi.com';
export const DEFAULT_ROLE = {
  roleArn: 'qcs::cam::uin/100000000001:roleName/github-actions-ssh',
  providerId: 'github-actions',
  subjectPattern: 'repo:*',
};

/**
 * @typedef {object} RoleConfig
 * @property {string} roleArn
 * @property {string} providerId             the CAM OIDC identity provider it trusts
 * @property {string | RegExp} [subjectPattern] glob (`*`, `?`) or RegExp over the token's `sub`; default any
 * @property {string} [audience]             expected `aud`; default sts.tencentcloudapi.com
 * @property {string[]} [allowedActions]     when set, the only actions its credentials may call
 */

/**
 * @typedef {object} TemporaryCredential
 * @property {string} secretId
 * @property {string} secretKey
 * @property {string} token
 * @property {number} expiredTime unix seconds
 * @property {string} roleArn
 * @property {string} sessionName
 * @property {string[]} [allowedActions] the role's, when it limits them
 */

/**
 * @param {string} glob
 * @returns {RegExp} anchored; `*` matches any run of characters, `?` exactly one
 */
export function globToRegExp(glob) {
  const body = glob
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * @param {RoleConfig} role
 * @param {string} subject
 * @returns {boolean}
 */
function subjectMatches(role, subject) {
  const pattern = role.subjectPattern ?? '*';
  const regexp = typeof pattern === 'string' ? globToRegExp(pattern) : pattern;
  return regexp.test(subject);
}

/**
 * @typedef {(token: string, expect: { audience: string }) => Record<string, unknown>} VerifyToken
 * @typedef {ReturnType<typeof parseAssumeParams>} AssumeRequest
 */

/**
 * @param {{ roles: RoleConfig[], verifyToken: VerifyToken, now?: () => number }} options
 */
export function createSts(options) {
  const roles = [...options.roles];
  /** @type {Map<string, TemporaryCredential>} */
  const issued = new Map();
  const nowSeconds = options.now ?? (() => Math.floor(Date.now() / 1000));

  /** @param {Record<string, unknown>} params */
  const assumeRoleWithWebIdentity = (params) => {
    const request = parseAssumeParams(params);
    if (!roles.some((candidate) => candidate.providerId === request.providerId)) {
      throw new ApiError(
        'InvalidParameter.ParamError',
        `The identity provider ${request.providerId} does not exist.`,
      );
    }
    const role = roles.find((candidate) => candidate.roleArn === request.roleArn);
    const claims = verifyIdentity(options.verifyToken, request.token, role?.audience);
    if (!role) {
      throw new ApiError(
        'ResourceNotFound.RoleNotFound',
        `The role ${request.roleArn} does not exist.`,
      );
    }
    checkTrust(role, request.providerId, claims);
    const credential = issueCredential(request, role, nowSeconds());
    issued.set(credential.secretId, credential);
    return toResponse(credential);
  };

  return {
    roles,
    /** @param {RoleConfig} role */
    addRole: (role) => {
      roles.push(role);
    },
    /** @param {string} secretId */
    lookupTemporary: (secretId) => issued.get(secretId),
    issued: () => [...issued.values()],
    handlers: { AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity },
  };
}

/**
 * @param {VerifyToken} verifyToken
 * @param {string} token
 * @param {string | undefined} audience
 * @returns {Record<string, unknown>} the token's claims
 */
function verifyIdentity(verifyToken, token, audience) {
  try {
    return verifyToken(token, { audience: audience ?? DEFAULT_AUDIENCE });
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid';
    throw new ApiError(
      'InvalidParameter.WebIdentityTokenError',
      `WebIdentityToken is invalid: ${reason}.`,
    );
  }
}

/**
 * @param {RoleConfig} role
 * @param {string} providerId
 * @param {Record<string, unknown>} claims
 */
function checkTrust(role, providerId, claims) {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (role.providerId !== providerId || !subjectMatches(role, subject)) {
    throw new ApiError(
      'UnauthorizedOperation',
      `The role ${role.roleArn} does not trust identity provider ${providerId} for subject ${subject}.`,
    );
  }
}

/**
 * @param {AssumeRequest} request
 * @param {RoleConfig} role
 * @param {number} nowSeconds
 * @returns {TemporaryCredential}
 */
function issueCredential(request, role, nowSeconds) {
  return {
    secretId: `AKID${randomAlnum(32)}`,
    secretKey: randomAlnum(32),
    token: randomBytes(96).toString('base64url'),
    expiredTime: nowSeconds + request.duration,
    roleArn: role.roleArn,
    sessionName: request.sessionName,
    ...(role.allowedActions ? { allowedActions: role.allowedActions } : {}),
  };
}

/**
 * @param {TemporaryCredential} credential
 */
function toResponse(credential) {
  return {
    Credentials: {
      Token: credential.token,
      TmpSecretId: credential.secretId,
      TmpSecretKey: credential.secretKey,
    },
    ExpiredTime: credential.expiredTime,
    Expiration: new Date(credential.expiredTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** @typedef {ReturnType<typeof createSts>} Sts */
