import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));

import * as core from '@actions/core';
import { safeMessage } from '../../src/errors.js';
import { fetchIdToken } from '../../src/auth/id-token.js';
import { agentFor } from '../../src/tencent-api/connections.js';
import { mask, maskedValues, resetForTests, scrub } from '../../src/secrets.js';

const KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const LINE = 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Y8Ra2E7XgwjR0g8mlVeXyVpC';
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vciJ9.c2lnbmF0dXJlLW9mLXRva2Vu';
const BEARER = 'runner-request-bearer-0123';

const setSecretCalls = () => vi.mocked(core.setSecret).mock.calls.map(([value]) => value);

beforeEach(() => {
  resetForTests();
  vi.mocked(core.setSecret).mockClear();
});

describe('mask', () => {
  it.each<[string, (string | undefined)[], string[]]>([
    ['one value', [KEY], [KEY]],
    ['each value once, in order', [KEY, 'tok3n', KEY, 'tok3n'], [KEY, 'tok3n']],
    ['empty and missing values are ignored', ['', undefined, KEY], [KEY]],
    // The runner masks a key's short last line too; only scrubbing skips short values.
    ['short values are masked', ['ab', 'x'], ['ab', 'x']],
    [
      'a line and the text holding it are both kept',
      [`${LINE}\n${LINE}`, LINE],
      [`${LINE}\n${LINE}`, LINE],
    ],
  ])('%s', (_label, values, registered) => {
    values.forEach(mask);
    expect(setSecretCalls()).toEqual(registered);
    expect(maskedValues()).toEqual(registered);
  });

  it('starts empty again after resetForTests', () => {
    mask(KEY);
    resetForTests();
    expect(maskedValues()).toEqual([]);
    mask(KEY);
    expect(setSecretCalls()).toEqual([KEY, KEY]);
  });
});

describe('scrub', () => {
  it.each<[string, string, string[], string]>([
    ['a secret', `bad key ${KEY} here`, [KEY], 'bad key *** here'],
    ['every occurrence', `${KEY}/${KEY}`, [KEY], '***/***'],
    ['several secrets', 'id tok3n and s3cret', ['tok3n', 's3cret'], 'id *** and ***'],
    ['values shorter than 4 are left alone', 'a b c', ['b'], 'a b c'],
    ['the longer of two nested secrets whole', `k=${KEY}`, [KEY.slice(0, 8), KEY], 'k=***'],
    ['nothing to scrub', 'plain text', [KEY], 'plain text'],
    ['no secrets', `bad ${KEY}`, [], `bad ${KEY}`],
  ])('replaces %s', (_label, text, secrets, expected) => {
    expect(scrub(text, secrets)).toBe(expected);
  });

  it('uses the registry by default', () => {
    mask(KEY);
    mask('abc');
    expect(scrub(`${KEY} abc`)).toBe('*** abc');
  });
});

describe('safeMessage with the registry', () => {
  it('scrubs every masked value by default', () => {
    mask(KEY);
    expect(safeMessage(new Error(`signature of ${KEY} rejected`))).toBe(
      'signature of *** rejected',
    );
  });

  it('scrubs the OIDC token and the runner bearer from an unexpected error', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
    };
    const token = await fetchIdToken('sts.tencentcloudapi.com', {
      maxAttempts: 1,
      timeoutSeconds: 1,
      env,
      requestToken: async () => OIDC_TOKEN,
      log: () => undefined,
    });
    expect(token).toBe(OIDC_TOKEN);
    const error = new TypeError(`cannot read 'x' of ${OIDC_TOKEN} (Bearer ${BEARER})`);
    const message = safeMessage(error);
    expect(message).toBe("cannot read 'x' of *** (Bearer ***)");
  });

  it.each<[string, string, string[]]>([
    ['a plain proxy password', 'S3cr3tPr0xy', ['S3cr3tPr0xy']],
    ['an encoded proxy password, raw and decoded', 'p%40ss%3Aword', ['p%40ss%3Aword', 'p@ss:word']],
  ])('scrubs %s from an unexpected error', (_label, password, forms) => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = `http://user:${password}@proxy.corp.example:3128`;
    try {
      agentFor({ protocol: 'https://', host: 'ssm.tencentcloudapi.com' });
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
    const message = safeMessage(new Error(`tunnel failed: ${forms.join(' / ')}`));
    expect(message).toBe(`tunnel failed: ${forms.map(() => '***').join(' / ')}`);
    for (const form of forms) expect(message).not.toContain(form);
  });
});
