import * as core from '@actions/core';

/**
 * The one masking registry. Every secret the action learns (API key, session token, OIDC token and
 * the runner's request bearer, temporary credentials, proxy password, private key and its forms)
 * goes through mask(), so the runner hides it from the log and safeMessage() can scrub it from an
 * unexpected error's text. The only module allowed to call core.setSecret (eslint.config.js).
 */
const registered = new Set<string>();

/** Shorter values are still masked, but replacing them in error text would garble it. */
const MIN_SCRUB_LENGTH = 4;

/** Registers a value with the runner's masker once; empty values are ignored. */
export function mask(value: string | undefined): void {
  if (!value || registered.has(value)) return;
  core.setSecret(value);
  registered.add(value);
}

/** Every value masked so far, in the order they were registered. */
export function maskedValues(): readonly string[] {
  return [...registered];
}

/**
 * `text` with every occurrence of each secret replaced by `***`. Longest first, so a secret that
 * contains another (the key and one of its lines) is replaced whole rather than in pieces.
 */
export function scrub(text: string, secrets: readonly string[] = maskedValues()): string {
  const longestFirst = secrets
    .filter((secret) => secret.length >= MIN_SCRUB_LENGTH)
    .sort((a, b) => b.length - a.length);
  let scrubbed = text;
  for (const secret of longestFirst) scrubbed = scrubbed.split(secret).join('***');
  return scrubbed;
}

/** Forgets every registered value, so each test case starts from an empty registry. */
export function resetForTests(): void {
  registered.clear();
}
