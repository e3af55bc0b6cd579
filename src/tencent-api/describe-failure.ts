import { sentence } from '../printable.js';
import type { Failure } from './failure.js';

/** Where a failure happened, for messages that say what to do next. */
export interface FailureContext {
  /** API action, e.g. GetSSHKeyPairValue */
  action: string;
  /** What the call was about, e.g. "secret 'deploy-key'" */
  subject: string;
  region: string;
  /** protocol and host, e.g. https://ssm.tencentcloudapi.com */
  endpoint: string;
  attempts: number;
}

export type Advice<C extends FailureContext = FailureContext> = (ctx: C) => string;

/**
 * What one service tells the user to do next. The services differ in their advice, not in the
 * shape of their messages: SSM and STS each have a profile, the describer below serves both.
 */
export interface AdviceProfile<C extends FailureContext = FailureContext> {
  /** The service as the messages name it, as in "a Tencent Cloud SSM endpoint". */
  service: string;
  /** The input that sets the service's endpoint, e.g. 'endpoint' or 'sts-endpoint'. */
  endpointInput: string;
  /** Advice by error code; a code without an entry takes its prefix's (`A.B` -> `A`). */
  codes: Readonly<Record<string, Advice<C>>>;
  /** Advice for a code that neither has an entry of its own nor through a prefix. */
  otherCode(code: string): Advice<C>;
  /** What to do after an HTTP status that is not 200. */
  httpStatus(status: number): string;
  /** What to do when an answer's key field holds no usable key; without it, just "malformed". */
  keyMaterial?: string;
  /** A timeout says "(timed out)" after the seconds. */
  saysTimedOut: boolean;
  /** A malformed answer names the attempts made before it, like the other failures do. */
  countsMalformedAttempts: boolean;
}

const PROXY_VARIABLES = '(HTTPS_PROXY, NO_PROXY)';

/** One message: what failed, the code and RequestId, and what to do next. Never a secret. */
export function describeFailure<C extends FailureContext>(
  failure: Failure,
  ctx: C,
  profile: AdviceProfile<C>,
): string {
  const head = `${ctx.action} for ${ctx.subject} failed`;
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  switch (failure.kind) {
    case 'api': {
      const message = sentence(failure.message || '(no message)');
      const advice = adviceFor(profile, failure.code)(ctx);
      return `${head}${tries}: ${failure.code}${rid(failure.requestId)}: ${message} ${advice}`;
    }
    case 'http':
      return (
        `${head}${tries}: HTTP ${failure.status} from ${ctx.endpoint}${rid(failure.requestId)}. ` +
        profile.httpStatus(failure.status)
      );
    case 'timeout':
      return (
        `${head}${tries}: ${ctx.endpoint} did not answer within ${failure.seconds} s` +
        `${profile.saysTimedOut ? ' (timed out)' : ''}. Check the network or proxy settings ` +
        `${PROXY_VARIABLES}, or raise 'timeout-seconds'.`
      );
    case 'network':
      return (
        `${head}${tries}: could not reach ${ctx.endpoint} (${failure.reason}). ` +
        `Check '${profile.endpointInput}', DNS, the firewall and proxy settings ${PROXY_VARIABLES}.`
      );
    case 'malformed': {
      const why = `${failure.reason}${rid(failure.requestId)}`;
      const start = `${head}${profile.countsMalformedAttempts ? tries : ''}`;
      if (failure.keyMaterial && profile.keyMaterial) {
        return `${start}: the response holds no usable SSH key (${why}). ${profile.keyMaterial}`;
      }
      return (
        `${start}: the response from ${ctx.endpoint} was malformed (${why}). Check that ` +
        `'${profile.endpointInput}' is a Tencent Cloud ${profile.service} endpoint and no proxy ` +
        'rewrites responses.'
      );
    }
  }
}

/** The most specific advice: the exact code, then its prefixes, then the profile's fallback. */
export function adviceFor<C extends FailureContext>(
  profile: AdviceProfile<C>,
  code: string,
): Advice<C> {
  for (const key of codeAndPrefixes(code)) {
    // Own entries only: a code such as "constructor" must not find Object.prototype's.
    if (Object.hasOwn(profile.codes, key)) return profile.codes[key] as Advice<C>;
  }
  return profile.otherCode(code);
}

/** True when `code` has advice of its own or through a prefix, rather than the fallback. */
export function hasSpecificAdvice<C extends FailureContext>(
  profile: AdviceProfile<C>,
  code: string,
): boolean {
  return codeAndPrefixes(code).some((key) => Object.hasOwn(profile.codes, key));
}

/** `A.B.C` -> `A.B.C`, `A.B`, `A`. */
function codeAndPrefixes(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

function rid(requestId?: string): string {
  return requestId ? `, RequestId ${requestId}` : '';
}
