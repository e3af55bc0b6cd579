import * as os from 'node:os';
import { type ProcessRunner, childEnv, spawnRunner } from '../process.js';
import { oneLine } from '../printable.js';

// On NTFS a file's mode bits mean nothing: a new file inherits its folder's ACL, which on a
// runner may let other accounts read it. A key file gets an ACL naming only the current user.

/** `DOMAIN\user` as icacls names the account this process runs as; just `user` without a domain. */
export function currentAccount(
  env: NodeJS.ProcessEnv = process.env,
  username: string = os.userInfo().username,
) {
  const domain = env.USERDOMAIN?.trim();
  return domain ? `${domain}\\${username}` : username;
}

export interface AclOptions {
  runner?: ProcessRunner;
  /** The account that keeps access; currentAccount() by default. */
  account?: string;
  /** The path messages name, when the ACL is set on a temp file that becomes it. */
  shownAs?: string;
}

/** Drops inherited entries and grants full control to one account only: `icacls /inheritance:r`. */
export async function restrictToAccount(file: string, options: AclOptions = {}) {
  const { runner = spawnRunner, account = currentAccount(), shownAs = file } = options;
  const grant = `${account}:F`;
  const result = await runner.run('icacls', [file, '/inheritance:r', '/grant:r', grant], {
    env: childEnv(),
  });
  if (result.code === 0) return;
  // icacls's words are outside text: one line, no control characters, capped.
  const said = oneLine(`${result.stderr} ${result.stdout}`.replace(/\s+/g, ' ').trim(), 300);
  throw new Error(
    `could not restrict ${shownAs} to ${account} with icacls (exit ${result.code}` +
      `${result.timedOut ? ', timed out' : ''}): ${said || 'no output'}. The key file was ` +
      'deleted. Check that icacls.exe is on PATH and that the folder allows changing permissions.',
  );
}
