// See package.json: exists so that @actions/core's import resolves; no code path uses it.
export class BearerCredentialHandler {
  constructor() {
    throw new Error(
      "@actions/http-client's BearerCredentialHandler is not bundled with this action (no code path should reach it)",
    );
  }
}
