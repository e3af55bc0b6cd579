declare module 'proxy-from-env' {
  /** The proxy URL for `url` from the *_proxy variables, or '' when NO_PROXY matches or none is set. */
  export function getProxyForUrl(url: string | URL): string;
}
