export const id = 613;
export const ids = [613];
export const modules = {

/***/ 8684:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;

__webpack_unused_export__ = ({ value: true });
exports.K = void 0;
/* eslint-disable @typescript-eslint/no-unused-vars */
/*
 * Copyright (c) 2018 Tencent. All Rights Reserved.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing,
 * software distributed under the License is distributed on an
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
 * KIND, either express or implied.  See the License for the
 * specific language governing permissions and limitations
 * under the License.
 */
const abstract_client_1 = __webpack_require__(1212);
/**
 * sts client
 * @class
 */
class Client extends abstract_client_1.AbstractClient {
    constructor(clientConfig) {
        super("sts.tencentcloudapi.com", "2018-08-13", clientConfig);
    }
    /**
     * **使用说明**

1. 返回一组临时身份访问凭证，包含token和获取该身份的临时密钥；

2. 当您需要将当前账号下的部分权限和资源临时委托给第三方（如合作伙伴、外包团队），且希望避免下发永久密钥时，调用此接口；
3. 临时身份的权限为：当前调用账号的权限和输入参数 Policy 权限的交集；
4. 此接口仅支持永久密钥调用。


**典型场景**

1. 代理应用程序集中申请临时访问凭证，下发给企业网络内的其他分布式终端应用。例如：终端应用上传文件到COS。

2. 将指定资源临时委托给第三方代理。例如：申请临时访问凭证，分发给企业外部团队，仅允许查看某个存储桶，有效期结束后权限自动回收。


**最佳实践**
1. 临时访问凭证在有效期内（Expiration）都可以使用，建议在有效期内重复使用，避免业务请求该接口频率达到上限被限频；

2. 授予临时访问凭证权限的CAM策略，建议严格遵循最小权限原则；
3. 建议不要使用主账号永久密钥，对该接口进行调用。
     */
    async GetFederationToken(req, cb) {
        return this.request("GetFederationToken", req, cb);
    }
    /**
     * 拉取API密钥列表
     */
    async QueryApiKey(req, cb) {
        return this.request("QueryApiKey", req, cb);
    }
    /**
     * **使用说明**

1. 申请扮演某个角色的临时访问凭证，返回临时身份的token和能够扮演该角色的临时密钥；
2. 角色策略组成
（1）角色载体：指定谁可以扮演该角色；
（2）角色权限：指定扮演角色后可以执行哪些操作，操作哪些资源。

3. 角色可被扮演的条件
（1）给该用户绑定包含AssumeRole的策略；
（2）将该用户配置为角色载体的主体。

4. 此接口可以支持永久密钥或临时密钥调用。


**典型场景**

1. 跨账号授权：主账号A需要操作主账号B的资源。
例如：A账号下有子用户a，B账号下有角色role b，a可以通过AssumeRole接口扮演b，以角色b身份登录账号B的控制台，并操作资源。

2. 跨服务调用：云上的A服务需要访问或操作B服务的资源。
例如：为A服务接入一个服务相关角色，用户授权创建角色和策略后，A服务即可调用AssumeRole获取用户的服务相关角色临时密钥，调用B服务接口并访问资源。



**最佳实践**
1. 临时访问凭证在有效期内（Expiration）都可以使用，建议在有效期内重复使用，避免业务请求该接口频率达到上限被限频；
2. 授予临时访问凭证权限的CAM策略，建议严格遵循最小权限原则；
3. 建议不要使用主账号永久密钥，对该接口进行调用。
     */
    async AssumeRole(req, cb) {
        return this.request("AssumeRole", req, cb);
    }
    /**
     * 申请OIDC角色临时访问凭证。

注意：当使用签名方法 V3 调用本接口时，请求头无须传入 X-TC-Token, 但 Authorization 需要传入值 SKIP。
     */
    async AssumeRoleWithWebIdentity(req, cb) {
        return this.request("AssumeRoleWithWebIdentity", req, cb);
    }
    /**
     * 获取MFA临时证书
     */
    async GetSessionToken(req, cb) {
        return this.request("GetSessionToken", req, cb);
    }
    /**
     * 获取当前调用者的身份信息。

接口支持主账号，子账号长期密钥以及AssumeRole，GetFederationToken生成的临时访问凭证身份获取。
     */
    async GetCallerIdentity(req, cb) {
        return this.request("GetCallerIdentity", req, cb);
    }
    /**
     * 本接口（AssumeRoleWithSAML）用于根据 SAML 断言申请角色临时访问凭证。

注意：当使用签名方法 V3 调用本接口时，请求头无须传入 X-TC-Token, 但 Authorization 需要传入值 SKIP。
     */
    async AssumeRoleWithSAML(req, cb) {
        return this.request("AssumeRoleWithSAML", req, cb);
    }
}
exports.K = Client;


/***/ }),

/***/ 613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exchangeOidcToken: () => (/* binding */ exchangeOidcToken)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(497);
// EXTERNAL MODULE: ./node_modules/tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js
var sts_client = __webpack_require__(8684);
// EXTERNAL MODULE: ./src/tencent-api/answer-fields.ts
var answer_fields = __webpack_require__(3900);
// EXTERNAL MODULE: ./src/tencent-api/call.ts + 1 modules
var tencent_api_call = __webpack_require__(2873);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/tencent-api/failure.ts
var tencent_api_failure = __webpack_require__(314);
// EXTERNAL MODULE: ./src/printable.ts
var printable = __webpack_require__(5260);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./src/tencent-api/connections.ts
var connections = __webpack_require__(7953);
// EXTERNAL MODULE: ./src/tencent-api/proxy.ts + 1 modules
var proxy = __webpack_require__(5015);
;// CONCATENATED MODULE: ./src/auth/token-request.ts






/** A GitHub ID token answer is about 2 kB; anything much larger is not one. */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;
/** A non-2xx answer; `httpCode` is what classifyError reads. */
class TokenHttpError extends Error {
    httpCode;
    constructor(httpCode) {
        super(`HTTP ${httpCode}`);
        this.httpCode = httpCode;
        this.name = 'TokenHttpError';
    }
}
/**
 * Requests to the runner's token endpoint with Node's own http client: no retries of its own, the
 * proxy variables honoured as for the Tencent endpoints, and one agent for all attempts.
 */
function tokenRequester(requestUrl, bearer) {
    const base = parseRequestUrl(requestUrl);
    const protocol = base.protocol === 'https:' ? 'https://' : 'http://';
    const endpoint = { protocol, host: base.host };
    (0,proxy/* routeTo */.B)(endpoint); // a bad proxy variable fails here, not inside the retried request
    return async (audience, signal) => {
        // What @actions/core appends: the runner's URL always carries a query (api-version).
        const url = new URL(`${requestUrl}&audience=${encodeURIComponent(audience)}`);
        return getToken(url, { bearer, agent: await (0,connections/* agentFor */.Pf)(endpoint), signal });
    };
}
function parseRequestUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        url = undefined;
    }
    if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
        throw new errors/* ActionError */.lZ('ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL: check that nothing in the job ' +
            'overrides it (the runner sets it for jobs with permissions: id-token: write).');
    }
    return url;
}
/**
 * GET `url` and read `value` from the JSON answer. The signal ends the request wherever it is,
 * connecting or halfway through a trickling body, so the caller's deadline bounds the whole answer.
 */
function getToken(url, { bearer, agent, signal }) {
    return new Promise((resolve, reject) => {
        let settled = false;
        const settle = (error, token) => {
            if (settled)
                return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            if (error === undefined)
                resolve(token ?? '');
            else
                reject(error instanceof Error ? error : new Error(String(error)));
        };
        const get = url.protocol === 'https:' ? external_node_https_.get : external_node_http_.get;
        const headers = { authorization: `Bearer ${bearer}`, accept: 'application/json' };
        const req = get(url, { agent, headers }, (res) => {
            // Destroying the request mid-answer makes the response emit an error too.
            res.on('error', (error) => settle(error));
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) {
                settle(new TokenHttpError(status));
                req.destroy();
                return;
            }
            readBody(res, (error, body = '') => {
                if (error) {
                    settle(error);
                    req.destroy();
                    return;
                }
                try {
                    settle(undefined, tokenOf(body));
                }
                catch (malformed) {
                    settle(malformed);
                }
            });
        });
        const onAbort = () => {
            settle(new Error('timed out'));
            req.destroy();
        };
        req.on('error', (error) => settle(error));
        if (signal.aborted)
            onAbort();
        else
            signal.addEventListener('abort', onAbort, { once: true });
    });
}
/** The body, or an error once it passes MAX_TOKEN_ANSWER_BYTES. */
function readBody(res, done) {
    const chunks = [];
    let size = 0;
    res.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_TOKEN_ANSWER_BYTES) {
            done(new tencent_api_failure/* MalformedResponse */.PJ(`the answer is larger than ${MAX_TOKEN_ANSWER_BYTES} bytes`));
        }
        else
            chunks.push(chunk);
    });
    res.on('end', () => done(undefined, Buffer.concat(chunks).toString('utf8')));
}
/** Throws SyntaxError (classified as "not JSON") or MalformedResponse; never quotes the body. */
function tokenOf(body) {
    const value = JSON.parse(body)?.value;
    if (typeof value !== 'string' || value === '') {
        throw new tencent_api_failure/* MalformedResponse */.PJ('the answer has no token (value)');
    }
    return value;
}

;// CONCATENATED MODULE: ./src/auth/id-token.ts






const ID_TOKEN_PERMISSION_HINT = "Add 'permissions: id-token: write' to the workflow or to the job (a job-level 'permissions:' " +
    'block replaces the workflow one, and a called reusable workflow needs it from its caller). ' +
    'GitHub never grants it to pull requests from forks.';
/** The log and error name of the token request. */
const TOKEN_CALL = 'Getting the GitHub OIDC token';
/**
 * The job's GitHub OIDC token for `audience`, masked before it is returned. It goes through the
 * same call path as the Tencent APIs: `timeout-seconds` for each whole answer, `max-attempts` in
 * all, each retry logged; transient failures (HTTP 5xx and 429, network errors, timeouts) are
 * retried, a refusal (401, 403) is not.
 */
async function fetchIdToken(audience, options) {
    const env = options.env ?? process.env;
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !bearer) {
        throw new errors/* ActionError */.lZ('The job cannot request a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ' +
            `ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. ${ID_TOKEN_PERMISSION_HINT}`);
    }
    (0,secrets/* mask */.dK)(bearer);
    const requestToken = options.requestToken ?? tokenRequester(url, bearer);
    const client = {
        request: (_action, _params, { signal }) => requestToken(audience, signal),
    };
    const token = await (0,tencent_api_call/* callApi */.px)(client, TOKEN_CALL, {}, {
        maxAttempts: options.maxAttempts,
        timeoutSeconds: options.timeoutSeconds,
        describe: (failure, { attempts }) => describeTokenFailure(failure, audience, attempts),
        sleep: options.sleep,
        random: options.random,
        log: options.log,
    });
    (0,secrets/* mask */.dK)(token);
    return token;
}
/** What failed and what to do next; never the token or the service's error text. */
function describeTokenFailure(failure, audience, attempts) {
    const head = `Getting the GitHub OIDC token for audience '${audience}' failed` +
        `${attempts > 1 ? ` after ${attempts} attempts` : ''} (${(0,tencent_api_failure/* failureSummary */.jg)(failure)}).`;
    if (failure.kind === 'http' && (failure.status === 401 || failure.status === 403)) {
        return `${head} GitHub refused to issue a token to this job. ${ID_TOKEN_PERMISSION_HINT}`;
    }
    if (failure.kind === 'timeout') {
        return (`${head} The GitHub token service did not answer in time: check the proxy settings ` +
            "(HTTPS_PROXY, NO_PROXY), re-run the job later, or raise 'timeout-seconds' or 'max-attempts'.");
    }
    if ((0,tencent_api_failure/* isRetryable */.r3)(failure)) {
        return (`${head} The GitHub token service did not answer: re-run the job later, or raise ` +
            "'max-attempts'.");
    }
    return `${head} Check that nothing in the job overrides ACTIONS_ID_TOKEN_REQUEST_URL.`;
}
/** Decodes (never verifies) a JWT's payload for error messages; {} when it is not a JWT. */
function readTokenClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return {};
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        // The claims are quoted in messages: one line each, whatever the token holds.
        const text = (value) => (typeof value === 'string' ? (0,printable/* oneLine */.T)(value, 200) : undefined);
        const aud = Array.isArray(claims.aud)
            ? text(claims.aud.map(String).join(', '))
            : text(claims.aud);
        const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
        return { sub: text(claims.sub), aud, iss: text(claims.iss), exp };
    }
    catch {
        return {};
    }
}

// EXTERNAL MODULE: ./src/settings/run-context.ts
var run_context = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/tencent-api/describe-failure.ts
var describe_failure = __webpack_require__(7284);
;// CONCATENATED MODULE: ./src/auth/sts-advice.ts

const STS_ACTION = 'AssumeRoleWithWebIdentity';
const PROVIDER_URL = 'https://token.actions.githubusercontent.com';
const THROTTLED = 'STS throttled every attempt (AssumeRoleWithWebIdentity allows 20 requests/s): ' +
    "raise 'max-attempts' or stagger parallel jobs.";
const ENDPOINT = (ctx) => `${ctx.endpoint} does not serve STS AssumeRoleWithWebIdentity (2018-08-13): ` +
    "check 'sts-endpoint' (sts.tencentcloudapi.com, or sts.intl.tencentcloudapi.com).";
const TRUST = (ctx) => `The role '${ctx.roleArn}' does not trust this job${tokenFacts(ctx)}. Its trust policy must ` +
    'allow name/sts:AssumeRoleWithWebIdentity for ' +
    `qcs::cam::uin/<account>:oidc-provider/${ctx.providerId}, and its conditions on oidc:sub and ` +
    "oidc:aud must match the job's token (pull requests, tags and environments have their own " +
    "'sub', e.g. repo:OWNER/REPO:environment:NAME).";
function tokenFacts({ claims }) {
    const facts = [
        claims.sub !== undefined ? `sub '${claims.sub}'` : '',
        claims.aud !== undefined ? `aud '${claims.aud}'` : '',
        claims.exp !== undefined && claims.exp * 1000 <= Date.now() ? 'expired' : '',
    ].filter(Boolean);
    return facts.length > 0 ? ` (this job's token: ${facts.join(', ')})` : '';
}
/** The codes the Go SDK lists for AssumeRoleWithWebIdentity, plus common ones STS may send. */
const ADVICE = {
    'InvalidParameter.WebIdentityTokenError': (ctx) => `STS rejected the job's GitHub OIDC token${tokenFacts(ctx)}: it has expired, or its ` +
        'issuer, audience or signature does not match the CAM OIDC identity provider ' +
        `'${ctx.providerId}'. Check that the provider's URL is ${PROVIDER_URL}, that its client ` +
        `IDs include '${ctx.audience}' (the 'audience' input), and that its signing public key is ` +
        `GitHub's current key set (${PROVIDER_URL}/.well-known/jwks).`,
    UnauthorizedOperation: TRUST,
    'AuthFailure.UnauthorizedOperation': TRUST,
    'ResourceNotFound.RoleNotFound': (ctx) => `The role '${ctx.roleArn}' does not exist in this account: check 'role-arn' ` +
        '(qcs::cam::uin/<account>:roleName/<name>).',
    'InvalidParameter.ParamError': (ctx) => `STS rejected a parameter: check that 'oidc-provider-id' ('${ctx.providerId}') names a ` +
        "CAM OIDC identity provider of the role's account (CAM console: Identity Providers > " +
        "Role SSO), and check 'role-arn', 'role-session-name' and 'role-duration-seconds'.",
    'InvalidParameter.OverTimeError': () => "'role-duration-seconds' is longer than the role allows: lower it, or raise the role's " +
        'maximum session duration (at most 43200 s).',
    'InvalidParameter.OverLimit': () => THROTTLED,
    RequestLimitExceeded: () => THROTTLED,
    'InternalError.GetRoleError': (ctx) => `STS could not load the role '${ctx.roleArn}' on any attempt: check 'role-arn', or ` +
        'retry later.',
    InternalError: () => "STS had an internal error on every attempt: retry later, or raise 'max-attempts'.",
    AuthFailure: (ctx) => `STS refused the unsigned request: check that 'sts-endpoint' (${ctx.endpoint}) is a ` +
        'Tencent Cloud STS endpoint and that no proxy rewrites the request.',
    InvalidAction: ENDPOINT,
    NoSuchVersion: ENDPOINT,
    UnknownParameter: ENDPOINT,
    MissingParameter: ENDPOINT,
    UnsupportedRegion: (ctx) => `STS does not accept region '${ctx.region}': check 'region'.`,
    InvalidParameterValue: () => "STS rejected a parameter value: check 'role-arn', 'role-session-name' and " +
        "'role-duration-seconds'.",
};
/** Families spelled without a dot (RequestLimitExceededGlobal), then the code reference. */
function otherCode(code) {
    if (code.startsWith('RequestLimitExceeded'))
        return () => THROTTLED;
    return () => 'See the STS error code reference for this code.';
}
/** What STS failures tell the user to do: every STS message goes through this profile. */
const STS_ADVICE = {
    service: 'STS',
    endpointInput: 'sts-endpoint',
    codes: ADVICE,
    otherCode,
    httpStatus: (status) => status >= 500
        ? 'STS or a proxy in between failed: retry later.'
        : "Check 'sts-endpoint' and any proxy settings.",
    saysTimedOut: false,
    countsMalformedAttempts: true,
};
/** Throttling that STS reports as a parameter error: retried like RequestLimitExceeded. */
function isStsThrottle(failure) {
    return failure.kind === 'api' && failure.code === 'InvalidParameter.OverLimit';
}
/** One message: what failed, the code and RequestId, and what to do next. Never a secret. */
function describeStsFailure(failure, ctx) {
    const full = { ...ctx, action: STS_ACTION, subject: `role '${ctx.roleArn}'` };
    return (0,describe_failure/* describeFailure */.Ic)(failure, full, STS_ADVICE);
}

// EXTERNAL MODULE: ./src/tencent-api/client-config.ts
var client_config = __webpack_require__(7280);
;// CONCATENATED MODULE: ./src/auth/sts.ts










/**
 * GitHub OIDC token -> STS AssumeRoleWithWebIdentity (unsigned) -> temporary credentials. The
 * token is masked before STS sees it and the temporary values before anything else runs.
 */
async function exchangeOidcToken(auth, call, deps = {}) {
    const log = deps.log ?? core/* info */.pq;
    const token = await fetchIdToken(auth.audience, {
        maxAttempts: call.maxAttempts,
        timeoutSeconds: call.timeoutSeconds,
        sleep: call.sleep,
        random: call.random,
        requestToken: deps.requestToken,
        env: deps.env,
        log,
    });
    const sessionName = auth.roleSessionName ?? (0,run_context/* defaultRoleSessionName */.dq)((0,run_context/* readRunContext */.$p)());
    const response = await assumeRole(auth, call, deps, { token, sessionName });
    const credentials = takeCredentials(response, auth, call, readTokenClaims(token));
    log(`Assumed the role ${auth.roleArn} as session '${sessionName}'${expiry(response)}.`);
    return credentials;
}
/** Called once takeCredentials has checked both fields' shapes. */
function expiry(response) {
    if (typeof response.Expiration === 'string' && response.Expiration) {
        return ` until ${response.Expiration}`;
    }
    return typeof response.ExpiredTime === 'number'
        ? ` until ${new Date(response.ExpiredTime * 1000).toISOString()}`
        : '';
}
function endpointOf(auth) {
    return `${auth.stsEndpoint.protocol}${auth.stsEndpoint.host}`;
}
async function createStsClient(auth, call) {
    const agent = await (0,connections/* agentFor */.Pf)(auth.stsEndpoint);
    const target = { endpoint: auth.stsEndpoint, region: call.region, agent };
    return new sts_client/* Client */.K((0,client_config/* clientConfig */.y)({ ...target, timeoutSeconds: call.timeoutSeconds }));
}
async function assumeRole(auth, call, deps, request) {
    const sts = deps.stsClient ?? (await createStsClient(auth, call));
    const params = {
        ProviderId: auth.providerId,
        WebIdentityToken: request.token,
        RoleArn: auth.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: auth.durationSeconds,
    };
    const facts = stsFacts(auth, call, readTokenClaims(request.token));
    return (0,tencent_api_call/* callApi */.px)(sts, STS_ACTION, params, {
        maxAttempts: call.maxAttempts,
        timeoutSeconds: call.timeoutSeconds,
        // The documented call is unsigned: the SDK then sends `Authorization: SKIP`.
        skipSign: true,
        alsoRetry: isStsThrottle,
        sleep: call.sleep,
        random: call.random,
        log: deps.log,
        describe: (failure, { attempts }) => describeStsFailure(failure, { ...facts, attempts }),
    });
}
/** What STS messages say about the call, apart from the attempts made. */
function stsFacts(auth, call, claims) {
    const { roleArn, providerId, audience } = auth;
    return { roleArn, providerId, audience, region: call.region, endpoint: endpointOf(auth), claims };
}
/**
 * Masks all three temporary values first, then checks that none is missing and that the fields
 * the log quotes (RequestId, Expiration, ExpiredTime) have their documented shapes.
 */
function takeCredentials(response, auth, call, claims) {
    const { TmpSecretId, TmpSecretKey, Token } = response?.Credentials ?? {};
    for (const value of [TmpSecretId, TmpSecretKey, Token]) {
        if (isText(value))
            (0,secrets/* mask */.dK)(value);
    }
    const complete = isText(TmpSecretId) && isText(TmpSecretKey) && isText(Token);
    const problem = complete
        ? (0,answer_fields/* firstProblem */.AX)((0,answer_fields/* fieldProblem */.SL)('RequestId', response.RequestId), (0,answer_fields/* fieldProblem */.SL)('Expiration', response.Expiration), (0,answer_fields/* unixTimeProblem */.$b)('ExpiredTime', response.ExpiredTime))
        : 'Credentials lacks TmpSecretId, TmpSecretKey or Token';
    if (problem || !complete) {
        const requestId = (0,answer_fields/* requestIdOf */.Gb)(response?.RequestId);
        const failure = { kind: 'malformed', reason: problem ?? '', requestId };
        const ctx = { ...stsFacts(auth, call, claims), attempts: 1 };
        throw new tencent_api_call/* ApiCallError */.lF(failure, describeStsFailure(failure, ctx));
    }
    return {
        secretId: TmpSecretId,
        secretKey: TmpSecretKey,
        token: Token,
        source: `the role ${auth.roleArn} (GitHub OIDC)`,
    };
}
function isText(value) {
    return typeof value === 'string' && value !== '';
}


/***/ })

};
