import type { JobRevision, RunContext } from '../settings/run-context.js';

/**
 * sshd logs a certificate's key ID on every login (`ID ... (serial ...) CA ...`), and a KRL can
 * revoke by it: so it names the job that holds the certificate. One line of printable ASCII,
 * `repo=owner/name run=42 attempt=1 ref=refs/heads/main sha=<commit>`.
 */

/** Long enough for GitHub's longest names and a ref; keeps sshd's log line bounded. */
const MAX_FIELD = 160;

export function certificateKeyId(run: RunContext, revision: JobRevision): string {
  const fields: [string, string | number][] = [
    ['repo', run.repository],
    ['run', run.runId],
    ['attempt', run.runAttempt],
    ['ref', revision.ref],
    ['sha', revision.sha],
  ];
  return fields.map(([name, value]) => `${name}=${field(String(value))}`).join(' ');
}

/** Spaces would make the fields ambiguous, anything unprintable could forge a log line. */
function field(value: string): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '?');
  return printable.length > MAX_FIELD
    ? `${printable.slice(0, MAX_FIELD - 3)}...`
    : printable || '?';
}
