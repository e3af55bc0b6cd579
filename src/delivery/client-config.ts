import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { Env, Inputs } from '../constants.js';
import { ActionError, errorMessage } from '../errors.js';
import {
  applyBlock,
  gitConfigFile,
  planBlock,
  publicKeyDir,
  sshConfigFile,
  writePublicKey,
  type BlockRequest,
} from './config-file.js';
import { gitConfigLines } from './git-config-text.js';
import { type Homes, resolveHomes } from './homes.js';
import type { Journal } from './journal.js';
import type { Settings } from '../settings/settings.js';
import { gitAlias, jumpAlias, sshConfigLines } from './ssh-config-text.js';

// The ssh client configuration step: ssh's config names this key for each `ssh-host` (and the
// jump host, and an alias per git repository), and the global git config sends each
// `git-repositories` URL form to its alias. Each change is journaled before it is made.

/** Which file ssh offers the key from: the public key (agent) or the key file. */
export interface ClientIdentity {
  /** The key is in an agent: IdentityFile names its public key, written under RUNNER_TEMP. */
  agent: boolean;
  /** The key file's resolved path, used when there is no agent. */
  keyFile?: string;
  /** Mode certificate: the certificate line, offered with the key. */
  certificate?: string;
}

export interface ClientConfigContext {
  env?: NodeJS.ProcessEnv;
  homes?: Homes;
  /** Fixed in tests; random (12 hex characters) otherwise. */
  stepId?: string;
}

/** What one step wrote, for the caller and for tests. */
export interface ClientConfigResult {
  stepId: string;
  identityFile: string;
  sshConfig: string;
  gitConfig?: string;
}

export async function configureClients(
  settings: Settings,
  publicKey: string,
  journal: Journal,
  identity: ClientIdentity,
  context: ClientConfigContext = {},
): Promise<ClientConfigResult | undefined> {
  const { sshHosts, gitRepositories } = settings;
  if (sshHosts.length === 0 && gitRepositories.length === 0) return undefined;
  const input = sshHosts.length > 0 ? Inputs.SshHost : Inputs.GitRepositories;
  const env = context.env ?? process.env;
  const homes = context.homes ?? resolveHomes();
  const stepId = context.stepId ?? randomBytes(6).toString('hex');
  const { file: identityFile, certificateFile } = await asInputError(input, () =>
    identityFileFor(identity, publicKey, stepId, env, journal),
  );
  const sshConfig = await asInputError(input, () =>
    addSshBlock(settings, stepId, { identityFile, certificateFile }, homes, journal),
  );
  if (gitRepositories.length === 0) return { stepId, identityFile, sshConfig };
  const gitConfig = await asInputError(Inputs.GitRepositories, () =>
    addGitBlock(settings, stepId, homes, journal),
  );
  return { stepId, identityFile, sshConfig, gitConfig };
}

async function identityFileFor(
  identity: ClientIdentity,
  publicKey: string,
  stepId: string,
  env: NodeJS.ProcessEnv,
  journal: Journal,
): Promise<{ file: string; certificateFile?: string }> {
  if (!identity.agent) {
    if (!identity.keyFile) {
      throw new Error("ssh needs the key from the agent ('ssh-agent: true') or a 'key-file'");
    }
    // Where ssh would look on its own; named all the same, so IdentitiesOnly cannot miss it.
    const certificateFile = identity.certificate ? `${identity.keyFile}-cert.pub` : undefined;
    return { file: identity.keyFile, certificateFile };
  }
  const dir = publicKeyDir(env[Env.RunnerTemp] || os.tmpdir(), stepId);
  journal.record({ kind: 'temp-dir-created', dir });
  const written = await writePublicKey(dir, publicKey, identity.certificate);
  const what = written.certificateFile ? 'public key and certificate' : 'public key';
  core.info(`Wrote the ${what} ssh offers from the agent to ${dir}.`);
  return written;
}

async function addBlock(request: BlockRequest, which: 'ssh' | 'git', journal: Journal) {
  const plan = await planBlock(request);
  const { stepId, createdFile, createdDirs, temp, separator } = plan;
  const kept = separator ? { separator } : {};
  const fields = { which, path: plan.path, stepId, createdFile, createdDirs, temp, ...kept };
  journal.record({ kind: 'config-block-added', ...fields });
  await applyBlock(plan, request.keep);
}

async function addSshBlock(
  settings: Settings,
  stepId: string,
  identity: { identityFile: string; certificateFile?: string },
  homes: Homes,
  journal: Journal,
) {
  const { sshHosts: hosts, jumpHost, gitRepositories: repositories } = settings;
  const { identityFile, certificateFile } = identity;
  const spec = { stepId, identityFile, certificateFile, hosts, jumpHost, repositories };
  const lines = sshConfigLines(spec);
  const file = sshConfigFile(homes.sshHome);
  // Home and ~/.ssh are never reported as created, so the post step never removes them.
  const keep = [path.resolve(homes.sshHome), path.resolve(homes.sshHome, '.ssh')];
  await addBlock({ file, stepId, lines, where: 'start', newMode: 0o600, keep }, 'ssh', journal);
  const aliases = [
    ...hosts.map((host) => host.alias),
    ...(jumpHost ? [`${jumpAlias(stepId)} (the jump host)`] : []),
    ...repositories.map(gitAlias),
  ];
  core.info(`Added Host ${aliases.join(', ')} to ${file}, each offering only ${identityFile}.`);
  return file;
}

async function addGitBlock(settings: Settings, stepId: string, homes: Homes, journal: Journal) {
  const repositories = settings.gitRepositories;
  const lines = gitConfigLines(repositories);
  const file = gitConfigFile(homes.home);
  const keep = [homes.home];
  await addBlock({ file, stepId, lines, where: 'end', newMode: 0o644, keep }, 'git', journal);
  const names = repositories.map(({ host, owner, repo }) => `${host}/${owner}/${repo}`);
  core.info(`Added url.insteadOf rewrites to ${file} for ${names.join(', ')} (https, scp, ssh).`);
  return file;
}

/** File errors name the path and what is wrong; prefix the input's name. */
async function asInputError<T>(input: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new ActionError(`Input '${input}': ${errorMessage(error)}`);
  }
}
