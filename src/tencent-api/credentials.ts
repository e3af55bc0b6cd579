/** What signs a Tencent Cloud API call: an API key, or temporary credentials with their token. */
export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
  /** Where they came from, for one log line (never the values). */
  source: string;
}
