import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
  exportVariable: vi.fn(),
  setOutput: vi.fn(),
}));

import * as core from '@actions/core';
import { deliverableKey } from '../../src/delivery/deliverable-key.js';
import { parsePrivateKey } from '../../src/ssh-key/key-pair.js';
import { resetForTests } from '../../src/secrets.js';
import { fixture } from '../fixtures/keys.js';

const COMMENT = 'tencentcloud-ssm:deploy-key (skey-1a2b3c4d)';
const setSecretCalls = () => vi.mocked(core.setSecret).mock.calls.map(([value]) => value);
const bodyLines = (text: string) =>
  text.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));

beforeEach(() => {
  resetForTests();
  vi.mocked(core.setSecret).mockClear();
  vi.mocked(core.warning).mockClear();
});

describe('deliverableKey', () => {
  it.each(['rsa-pkcs1.pem', 'ecdsa-p384-pkcs8.pem', 'ed25519-openssh'])(
    '%s: the agent gets an OpenSSH text with the comment, masked whole and line by line',
    (file) => {
      const privateKey = fixture(file);
      const key = deliverableKey({ privateKey, publicKey: 'ssh-x AAAA' }, COMMENT);
      expect(key.privateKey).toBe(privateKey);
      const text = key.agentText ?? '';
      expect(parsePrivateKey(text).comment).toBe(COMMENT);
      const masked = setSecretCalls();
      expect(masked).toContain(text);
      expect(masked).toEqual(expect.arrayContaining(bodyLines(text)));
      expect(masked).toContain(Buffer.from(text).toString('base64'));
      expect(core.warning).not.toHaveBeenCalled();
    },
  );

  it('no comment (no agent): nothing re-encoded, nothing masked', () => {
    const key = deliverableKey({ privateKey: fixture('rsa-pkcs1.pem'), publicKey: 'p' }, undefined);
    expect(key).toEqual({ privateKey: fixture('rsa-pkcs1.pem'), publicKey: 'p' });
    expect(setSecretCalls()).toEqual([]);
  });

  it('a key that cannot be re-encoded goes in as it came, with a warning that quotes no key', () => {
    const privateKey = fixture('dsa-openssh');
    const key = deliverableKey({ privateKey, publicKey: 'p' }, COMMENT);
    expect(key).toEqual({ privateKey, publicKey: 'p' });
    expect(setSecretCalls()).toEqual([]);
    const warning = String(vi.mocked(core.warning).mock.calls[0]?.[0]);
    expect(warning).toBe(
      'The key goes into the agent without its comment: unsupported key type ssh-dss',
    );
  });
});
