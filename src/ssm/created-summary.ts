import * as core from '@actions/core';
import { oneLine } from '../printable.js';

export interface CreatedKeyFacts {
  secretName: string;
  sshKeyId: string;
  sshKeyName: string;
  publicKey: string;
  fingerprint: string;
  region: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A value made safe for the job summary, which core.summary writes as raw HTML inside Markdown:
 * one line (a blank line would end the HTML block and let Markdown run), and no markup.
 */
export function summaryText(value: string): string {
  return oneLine(value, 4096).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * When this step created the secret, whoever bootstraps the deploy key needs its public half:
 * the job summary shows it ready to copy into authorized_keys. Public facts only, some of them
 * the server's words (the key's name, the public key's comment): every one is escaped.
 */
export async function writeCreatedKeySummary(facts: CreatedKeyFacts): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const cells = [
    facts.secretName,
    facts.region,
    facts.sshKeyId,
    facts.sshKeyName,
    facts.fingerprint,
  ].map(summaryText);
  await core.summary
    .addHeading('SSH key created in Tencent Cloud SSM', 3)
    .addTable([
      [
        { data: 'secret', header: true },
        { data: 'region', header: true },
        { data: 'SSH key ID', header: true },
        { data: 'SSH key name', header: true },
        { data: 'fingerprint', header: true },
      ],
      cells,
    ])
    .addRaw("Public key, for the servers' <code>~/.ssh/authorized_keys</code>:", true)
    .addCodeBlock(summaryText(facts.publicKey))
    .write();
}
