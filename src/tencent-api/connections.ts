import type { Agent } from 'node:http';
import type { Endpoint } from '../settings/settings.js';
import { PreconnectingHttpAgent, PreconnectingHttpsAgent, originOf } from './preconnect.js';
import { keepAliveAgent, routeTo } from './proxy.js';

/**
 * One kept-alive agent per route for the whole step: get -> create -> get, and every retry after
 * throttling or a 5xx, ride one connection per host (one tunnel through a proxy) instead of paying
 * TCP and TLS set-up again, which costs two round trips each (400 ms from the US to Guangzhou).
 */
const agents = new Map<string, Promise<Agent>>();

/** The step's agent for requests to `endpoint`, made on first use. */
export function agentFor(endpoint: Endpoint): Promise<Agent> {
  const route = routeTo(endpoint);
  const key = `${endpoint.protocol}${endpoint.host} via ${route.proxy?.href ?? 'direct'}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = keepAliveAgent(route);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Opens the step's connection to `endpoint` now, for a request that comes later (after other
 * hosts'). Direct routes only: through a proxy the tunnel opens with the first request.
 */
export async function preconnect(endpoint: Endpoint): Promise<void> {
  const agent = await agentFor(endpoint);
  if (agent instanceof PreconnectingHttpAgent || agent instanceof PreconnectingHttpsAgent) {
    agent.preconnect(originOf(endpoint));
  }
}

/** Closes every connection the step kept open; called when the step's work is done. */
export async function closeConnections(): Promise<void> {
  const made = [...agents.values()];
  agents.clear();
  for (const agent of await Promise.allSettled(made)) {
    if (agent.status === 'fulfilled') agent.value.destroy();
  }
}
