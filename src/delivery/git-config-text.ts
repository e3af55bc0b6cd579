import type { GitRepository } from '../settings/settings.js';
import { gitAlias } from './ssh-config-text.js';

// The lines of our block in the global git config: for each repository, every URL form a step
// or a submodule may use is rewritten to an ssh URL through the repository's own ssh alias.

/** A host as it appears in a URL: an IPv6 address in brackets. */
function urlHost(host: string) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

// What a git config subsection or value may hold unquoted in our block.
const SAFE = /^[A-Za-z0-9._:@/[\]-]+$/;

function safe(value: string) {
  if (!SAFE.test(value)) {
    throw new Error(`"${value}" cannot be written into the git config safely`);
  }
  return value;
}

/** The URL prefixes git rewrites for one repository (git matches the longest prefix). */
export function insteadOfUrls(repository: GitRepository) {
  const host = urlHost(repository.host);
  const path = `${repository.owner}/${repository.repo}`;
  return [`https://${host}/${path}`, `git@${host}:${path}`, `ssh://git@${host}/${path}`];
}

/** The ssh URL git uses instead: the repository's alias, which offers only this key. */
export function rewrittenUrl(repository: GitRepository) {
  return `git@${gitAlias(repository)}:${repository.owner}/${repository.repo}`;
}

export function gitConfigLines(repositories: readonly GitRepository[]): string[] {
  return repositories.flatMap((repository) => [
    `[url "${safe(rewrittenUrl(repository))}"]`,
    ...insteadOfUrls(repository).map((url) => `\tinsteadOf = ${safe(url)}`),
  ]);
}
