import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summaryText, writeCreatedKeySummary } from '../../src/ssm/created-summary.js';

describe('summaryText', () => {
  it.each([
    ['plain text stays', 'skey-abcd1234', 'skey-abcd1234'],
    ['markup is escaped', '<img src=x onerror="a()">', '&lt;img src=x onerror=&quot;a()&quot;&gt;'],
    ['ampersands and quotes', `a&b 'c'`, 'a&amp;b &#39;c&#39;'],
    ['a blank line cannot end the HTML block', 'a\n\n![t](http://e)', 'a  ![t](http://e)'],
    ['control characters are shown', 'a\u001bb', 'a\\u001bb'],
  ])('%s', (_label, input, expected) => {
    expect(summaryText(input)).toBe(expected);
  });
});

describe('writeCreatedKeySummary', () => {
  let dir: string;
  let file: string;
  const saved = process.env.GITHUB_STEP_SUMMARY;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'summary-'));
    file = join(dir, 'summary.md');
    writeFileSync(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it("escapes the server's words in every cell and in the public key", async () => {
    await writeCreatedKeySummary({
      secretName: 'deploy',
      region: 'ap-guangzhou',
      sshKeyId: 'skey-abcd1234',
      sshKeyName: '<script>x</script>\n\n::warning::planted',
      publicKey: 'ssh-ed25519 AAAA </code></pre><b>hi</b>',
      fingerprint: 'SHA256:abc',
    });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;  ::warning::planted');
    expect(html).toContain('ssh-ed25519 AAAA &lt;/code&gt;&lt;/pre&gt;&lt;b&gt;hi&lt;/b&gt;');
    expect(html).not.toMatch(/<script>|<b>|\n::warning/);
  });
});
