import { Inputs } from '../constants.js';
import { oneLine } from '../printable.js';
import type { GitRepository, JumpHost, Settings, SshHost } from './settings.js';
import { GIT_HOST, Refusal, WORD, checkHostName, parseTarget, refuse } from './ssh-target.js';
import { InputError } from './validate.js';

/*
 * `ssh-host`, `ssh-jump-host` and `git-repositories` end up as words in ssh's and git's config
 * files. Every part is held to a strict character set (no space, quote, `#`, `=`, `%`, wildcard,
 * line break), so no value can add a keyword, a pattern or a line of its own to those files.
 */

const SSH_HOST_FORM = '[alias=][user@]host[:port], one a line';
const JUMP_HOST_FORM = '[user@]host[:port]';
const REPOSITORY_FORM =
  '[host/]owner/repo (such as acme/app or git.example.com/acme/app), one a line';

const ALIAS =
  "alias of letters, digits, '.', '_' and '-', not starting with '-' or 'tcssh-', without " +
  'wildcards (* ? !)';
const NAME = "owner and repo of letters, digits, '.', '_' and '-', not '.' or '..'";

const REPO_WORD = /^[A-Za-z0-9._-]+$/;
/** Our own aliases (the jump host's, the repositories') start with this. */
const RESERVED_ALIAS = /^tcssh-/i;

function refusal(
  input: string,
  value: string,
  line: number | undefined,
  expected: string,
): InputError {
  const where = line === undefined ? '' : ` on line ${line}`;
  return new InputError(
    input,
    `Input '${input}' is invalid: got '${oneLine(value, 200)}'${where}; expected ${expected}.`,
  );
}

/** Runs `parse`, turning its refusal into the InputError that names the input and the line. */
function attempt<T>(
  input: string,
  value: string,
  line: number | undefined,
  form: string,
  parse: () => T,
): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Refusal)
      throw refusal(input, value, line, `${form}, with ${error.message}`);
    throw error;
  }
}

function parseSshHostLine(line: string): SshHost {
  const eq = line.indexOf('=');
  if (eq >= 0 && line.includes('=', eq + 1))
    refuse("one '=' at most, between the alias and the host");
  const alias = eq < 0 ? undefined : line.slice(0, eq);
  if (alias !== undefined && (!WORD.test(alias) || RESERVED_ALIAS.test(alias))) refuse(ALIAS);
  const target = parseTarget(line.slice(eq + 1));
  return { alias: alias ?? target.hostName, ...target };
}

function parseRepositoryLine(line: string): GitRepository {
  const parts = line.split('/');
  if (parts.length < 2 || parts.length > 3) refuse("two or three parts separated by '/'");
  const host = parts.length === 3 ? parts[0] : 'github.com';
  // `git@host:owner/repo` has no room for a port, nor for an IPv6 address.
  try {
    checkHostName(host);
  } catch {
    refuse(GIT_HOST);
  }
  const owner = parts[parts.length - 2];
  const repo = parts[parts.length - 1].replace(/\.git$/, '');
  for (const name of [owner, repo]) {
    if (!REPO_WORD.test(name) || name === '.' || name === '..') refuse(NAME);
  }
  return { host, owner, repo };
}

/** One entry a line; blank and `#` lines skipped; an entry whose key repeats is refused. */
function parseLines<T>(
  input: string,
  value: string,
  form: string,
  parse: (line: string) => T,
  key: (entry: T) => string,
): T[] {
  const seen = new Map<string, number>();
  const entries: T[] = [];
  value.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const number = index + 1;
    const entry = attempt(input, line, number, form, () => parse(line));
    // ssh matches Host patterns and DNS names case-insensitively.
    const id = key(entry).toLowerCase();
    const first = seen.get(id);
    if (first !== undefined)
      throw refusal(
        input,
        line,
        number,
        `${form}, each entry once ('${key(entry)}' is on line ${first} already)`,
      );
    seen.set(id, number);
    entries.push(entry);
  });
  return entries;
}

/** `ssh-host`: one `[alias=][user@]host[:port]` a line; the alias is the host when not given. */
export function parseSshHosts(value: string): SshHost[] {
  return parseLines(Inputs.SshHost, value, SSH_HOST_FORM, parseSshHostLine, (h) => h.alias);
}

/** `ssh-jump-host`: `[user@]host[:port]`, or undefined when empty. */
export function parseJumpHost(value: string): JumpHost | undefined {
  if (value === '') return undefined;
  return attempt(Inputs.SshJumpHost, value, undefined, JUMP_HOST_FORM, () => parseTarget(value));
}

/** `git-repositories`: one `[host/]owner/repo` a line, host github.com when not given. */
export function parseGitRepositories(value: string): GitRepository[] {
  const key = (r: GitRepository) => `${r.host}/${r.owner}/${r.repo}`;
  return parseLines(Inputs.GitRepositories, value, REPOSITORY_FORM, parseRepositoryLine, key);
}

export interface SshClientValues {
  sshHost: string;
  sshJumpHost: string;
  gitRepositories: string;
  sshAgent: boolean;
  keyFile?: string;
}

type SshClientSettings = Pick<Settings, 'sshHosts' | 'jumpHost' | 'gitRepositories'>;

/** The three inputs, and the rules between them and the key's delivery. */
export function parseSshClientInputs(values: SshClientValues): SshClientSettings {
  const sshHosts = parseSshHosts(values.sshHost);
  const jumpHost = parseJumpHost(values.sshJumpHost);
  const gitRepositories = parseGitRepositories(values.gitRepositories);
  if (jumpHost && sshHosts.length === 0) {
    throw refusal(
      Inputs.SshJumpHost,
      values.sshJumpHost,
      undefined,
      `to be set only with '${Inputs.SshHost}' (the jump host is how its entries are reached)`,
    );
  }
  if (!values.sshAgent && values.keyFile === undefined) {
    const [input, value] =
      sshHosts.length > 0
        ? [Inputs.SshHost, values.sshHost]
        : [Inputs.GitRepositories, values.gitRepositories];
    if (sshHosts.length > 0 || gitRepositories.length > 0) {
      throw refusal(
        input,
        value,
        undefined,
        `to be set only when '${Inputs.SshAgent}' is true or '${Inputs.KeyFile}' is set ` +
          '(ssh takes the key from one of them)',
      );
    }
  }
  return { sshHosts, jumpHost, gitRepositories };
}
