// See package.json: exists so that the SDK's import resolves; no code path of the action uses it.
class HttpsProxyAgent {
  constructor() {
    throw new Error(
      "the SDK's own https-proxy-agent is only a stand-in in this action: no code path should reach it",
    );
  }
}

module.exports = HttpsProxyAgent;
module.exports.default = HttpsProxyAgent;
module.exports.HttpsProxyAgent = HttpsProxyAgent;
