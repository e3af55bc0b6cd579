import type { Agent } from 'node:http';
import type { Endpoint, Settings } from '../settings/settings.js';
import { agentFor } from './connections.js';
import type { CallOptions } from './call.js';
import type { Credentials } from './credentials.js';

/** Where and how one service's SDK client talks: the same for SSM, STS and KMS. */
export interface ClientTarget {
  endpoint: Endpoint;
  region: string;
  timeoutSeconds: number;
  /** Always given: without one the SDK would build its own proxy agent from http_proxy alone. */
  agent: Agent;
  /** None for STS's AssumeRoleWithWebIdentity, which the OIDC token authorises, not a signature. */
  credentials?: Credentials;
}

/** The SDK's client configuration for `target`: `new XxxClient(clientConfig(target))`. */
export function clientConfig(target: ClientTarget) {
  const { credentials, endpoint } = target;
  return {
    credential: credentials
      ? {
          secretId: credentials.secretId,
          secretKey: credentials.secretKey,
          token: credentials.token,
        }
      : {},
    region: target.region,
    profile: {
      httpProfile: {
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        reqTimeout: target.timeoutSeconds,
        agent: target.agent,
      },
    },
  };
}

/** What a signed service client (SSM, KMS) needs: where it talks, who signs, and the call bounds. */
export interface ServiceOptions extends ClientTarget {
  /** An API key, or STS temporary credentials (keyless): the token is sent as X-TC-Token. */
  credentials: Credentials;
  maxAttempts: number;
  /** Seams for tests: the retry sleep, its jitter, the attempt log. */
  call?: Pick<CallOptions, 'sleep' | 'random' | 'log'>;
}

/** A service client's options from the step's settings, riding the endpoint's kept-alive agent. */
export async function serviceOptionsFor(
  settings: Pick<Settings, 'region' | 'maxAttempts' | 'timeoutSeconds'>,
  endpoint: Endpoint,
  credentials: Credentials,
): Promise<ServiceOptions> {
  const { region, maxAttempts, timeoutSeconds } = settings;
  const agent = await agentFor(endpoint);
  return { endpoint, region, credentials, maxAttempts, timeoutSeconds, agent };
}
