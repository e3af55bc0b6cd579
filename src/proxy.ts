import * as http from 'node:http';
import * as https from 'node:https';
import * as core from '@actions/core';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { Endpoint } from './validate.js';

/**
 * The agent for requests to `endpoint`: through HTTPS_PROXY/HTTP_PROXY (either case) unless
 * NO_PROXY matches, else direct. Always an explicit agent, because the SDK otherwise falls back to
 * a lowercase http_proxy on its own and would ignore NO_PROXY.
 */
export function proxyAgentFor(endpoint: Endpoint): http.Agent {
  const url = `${endpoint.protocol}${endpoint.host}/`;
  const proxy = getProxyForUrl(url);
  if (!proxy) return endpoint.protocol === 'https://' ? new https.Agent() : new http.Agent();
  const proxyUrl = new URL(proxy);
  if (proxyUrl.password) core.setSecret(proxyUrl.password);
  core.info(`Using the proxy ${proxyUrl.protocol}//${proxyUrl.host} for ${endpoint.host}.`);
  return new HttpsProxyAgent(proxyUrl);
}
