// See package.json: these exports exist so that imports resolve; no code path of the action uses them.
const unavailable = (name) =>
  new Error(`undici.${name} is not bundled with this action (no code path should reach it)`);

export class ProxyAgent {
  constructor() {
    throw unavailable('ProxyAgent');
  }
}

export function fetch() {
  return Promise.reject(unavailable('fetch'));
}
