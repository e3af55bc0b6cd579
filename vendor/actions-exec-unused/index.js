// See package.json: these exports exist so that @actions/core's imports resolve; no code path of
// the action uses them.
const unavailable = (name) =>
  new Error(`@actions/exec's ${name} is not bundled with this action (no code path should reach it)`);

export function exec() {
  return Promise.reject(unavailable('exec'));
}

export function getExecOutput() {
  return Promise.reject(unavailable('getExecOutput'));
}
