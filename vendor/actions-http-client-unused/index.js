// See package.json: these exports exist so that @actions/core's imports resolve; no code path of
// the action uses them.
const unavailable = (name) =>
  new Error(
    `@actions/http-client's ${name} is not bundled with this action (no code path should reach it)`,
  );

export class HttpClient {
  constructor() {
    throw unavailable('HttpClient');
  }
}
