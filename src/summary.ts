import * as core from '@actions/core';

export interface CreatedKeyFacts {
  secretName: string;
  sshKeyId: string;
  sshKeyName: string;
  publicKey: string;
  fingerprint: string;
  region: string;
}

/**
 * When this step created the secret, whoever bootstraps the deploy key needs its public half:
 * the job summary shows it ready to copy into authorized_keys. Public facts only.
 */
export async function writeCreatedKeySummary(facts: CreatedKeyFacts): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
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
      [facts.secretName, facts.region, facts.sshKeyId, facts.sshKeyName, facts.fingerprint],
    ])
    .addRaw("Public key, for the servers' <code>~/.ssh/authorized_keys</code>:", true)
    .addCodeBlock(facts.publicKey)
    .write();
}
