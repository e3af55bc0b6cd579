import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, inject, it } from 'vitest';
import { passwdHomeEnv } from '../../harness/passwd-home.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it.skipIf(process.platform !== 'linux')(
  "a job's process sees the job's home in its passwd entry, and HOME stays apart",
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'passwd-home-'));
    dirs.push(dir);
    const home = join(dir, 'home');
    const env = { ...passwdHomeEnv(dir, home)!, HOME: '/somewhere/else', PATH: '/usr/bin:/bin' };
    const script = 'const os = require("node:os"); console.log(JSON.stringify(os.userInfo()))';
    const seen = JSON.parse(
      execFileSync(inject('node24'), ['-e', script], { env, encoding: 'utf8' }),
    );
    expect(seen).toMatchObject({
      homedir: home,
      uid: userInfo().uid,
      username: userInfo().username,
    });
    // ssh asks the same libc question.
    const sshHome = execFileSync('getent', ['passwd', String(userInfo().uid)], {
      env,
      encoding: 'utf8',
    });
    expect(sshHome.trim().split(':')[5]).toBe(home);
  },
);
