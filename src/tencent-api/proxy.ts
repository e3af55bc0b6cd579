import * as http from 'node:http';
import * as core from '@actions/core';
import { getProxyForUrl } from 'proxy-from-env';
import { ActionError } from '../errors.js';
import { mask } from '../secrets.js';
import type { Endpoint } from '../settings/settings.js';
import { PreconnectingHttpAgent, PreconnectingHttpsAgent } from './preconnect.js';

/** Where requests to an endpoint go: straight there, or through this proxy. */
export interface Route {
  endpoint: Endpoint;
  proxy?: URL;
}

/**
 * The route to `endpoint`: through HTTPS_PROXY/HTTP_PROXY (either case) unless NO_PROXY matches,
 * else direct. Callers always pass an explicit agent, because the SDK otherwise falls back to a
 * lowercase http_proxy on its own and would ignore NO_PROXY.
 */
export function routeTo(endpoint: Endpoint): Route {
  const proto = endpoint.protocol === 'https://' ? 'https' : 'http';
  const proxy = getProxyForUrl(`${endpoint.protocol}${endpoint.host}/`);
  if (!proxy) return { endpoint };
  const proxyUrl = parseProxyUrl(withDefaultScheme(proxy, proto), proto);
  if (proxyUrl.password) {
    mask(proxyUrl.password);
    mask(safeDecode(proxyUrl.password));
  }
  return { endpoint, proxy: proxyUrl };
}

/**
 * A kept-alive agent for `route`: calls that follow each other reuse its connection (through a
 * proxy, its tunnel). Free sockets do not hold the process open; the owner destroys it anyway.
 * The proxy agent is loaded only for a proxied route: it and its `debug` dependency would add
 * about 8 ms to every start of the action.
 */
export async function keepAliveAgent(route: Route): Promise<http.Agent> {
  const options = { keepAlive: true };
  if (!route.proxy) {
    return route.endpoint.protocol === 'https://'
      ? new PreconnectingHttpsAgent(options)
      : new PreconnectingHttpAgent(options);
  }
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  core.info(
    `Using the proxy ${route.proxy.protocol}//${route.proxy.host} for ${route.endpoint.host}.`,
  );
  return new HttpsProxyAgent(route.proxy, options);
}

/** The variable proxy-from-env read, in its order: lowercase first, then upper, then ALL_PROXY. */
function rawProxyValue(proto: string): string {
  const names = [`${proto}_proxy`, `${proto.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'];
  return names.map((name) => process.env[name]).find((value) => value) ?? '';
}

/**
 * proxy-from-env gives a proxy without a scheme the target's scheme, so `proxy:3128` for an
 * https endpoint would mean TLS to the proxy. curl, Go and Python take it as http://, and so
 * do self-hosted runners' proxies.
 */
function withDefaultScheme(proxy: string, proto: string): string {
  const raw = rawProxyValue(proto);
  return raw && !raw.includes('://') ? `http://${raw}` : proxy;
}

/** Never echoes the value: it may carry a password. */
function parseProxyUrl(value: string, proto: string): URL {
  const variable = `${proto.toUpperCase()}_PROXY (or ${proto}_proxy, ALL_PROXY)`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ActionError(`The proxy in ${variable} is not a valid URL: use http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ActionError(
      `The proxy in ${variable} uses ${url.protocol.slice(0, 16)}; only http:// and https:// ` +
        'proxies are supported.',
    );
  }
  return url;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
