import * as core from '@actions/core';
import { addKey, agentHasKey, ensureAgent, type AgentInfo } from './agent.js';
import { Env, Outputs } from './constants.js';
import { ActionError } from './errors.js';
import { addKnownHosts, checkKeyFilePath, writeKeyFile } from './files.js';
import { homesNote, resolveHomes } from './homes.js';
import type { Journal } from './journal.js';
import type { Settings } from './settings.js';

/** The key as the job receives it. */
export interface DeliverableKey {
  privateKey: string;
  publicKey: string;
}

type Step = (settings: Settings, key: DeliverableKey, journal: Journal) => Promise<void>;

/**
 * Starts (or finds) the agent the key will go into, once the key is in hand, so that a failed
 * fetch leaves nothing behind. A started agent is journalled at once.
 */
export async function prepareAgent(
  settings: Settings,
  journal: Journal,
): Promise<AgentInfo | undefined> {
  if (!settings.sshAgent) return undefined;
  const agent = await asAgentError(() =>
    ensureAgent({ env: process.env, runnerTemp: process.env[Env.RunnerTemp] }),
  );
  if (agent.started && agent.pid !== undefined && agent.socketDir) {
    journal.record({
      kind: 'agent-started',
      pid: agent.pid,
      socket: agent.socket,
      socketDir: agent.socketDir,
    });
    core.exportVariable(Env.AgentPid, String(agent.pid));
    core.setOutput(Outputs.SshAgentPid, String(agent.pid));
    core.info(`Started ssh-agent (PID ${agent.pid}) at ${agent.socket}.`);
  } else {
    core.info(`Reusing the ssh-agent at ${agent.socket}.`);
  }
  core.exportVariable(Env.AuthSock, agent.socket);
  core.setOutput(Outputs.SshAuthSock, agent.socket);
  return agent;
}

/** Refuses, before any API call, a key-file path that already fails the checks of the write. */
export async function checkDeliveryPaths(settings: Settings): Promise<void> {
  if (!settings.keyFile) return;
  await asActionError('key-file', () => checkKeyFilePath(settings.keyFile!, pathContext()));
}

/** Each delivery the settings ask for, in order; every change is journalled before the next. */
export async function deliverKey(
  settings: Settings,
  key: DeliverableKey,
  journal: Journal,
  agent: AgentInfo | undefined,
): Promise<void> {
  const note = settings.keyFile || settings.knownHosts.length > 0 ? homesNote(resolveHomes()) : '';
  if (note) core.info(note);
  const loadIntoAgent: Step = (s, k, j) => (agent ? addToAgent(agent, s, k, j) : Promise.resolve());
  const steps: Step[] = [loadIntoAgent, writeKeyFileStep, addKnownHostsStep, outputPrivateKey];
  for (const step of steps) await step(settings, key, journal);
}

async function addToAgent(
  agent: AgentInfo,
  settings: Settings,
  key: DeliverableKey,
  journal: Journal,
) {
  if (!agent.started && (await asAgentError(() => agentHasKey(agent.socket, key.publicKey)))) {
    // Its owner added it: adding it again could change its lifetime, and post would remove it.
    core.info('The agent already holds this key; left it as it is.');
    return;
  }
  if (!agent.started) {
    journal.record({ kind: 'key-added', socket: agent.socket, publicKey: key.publicKey });
  }
  const lifetimeSeconds = settings.keyLifetimeSeconds;
  await asAgentError(() => addKey(agent.socket, key.privateKey, { lifetimeSeconds }));
  core.info(`Added the key to the agent${lifetimeSeconds ? ` for ${lifetimeSeconds} s` : ''}.`);
}

/** Agent errors name the socket and what to check, never key material. */
async function asAgentError<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new ActionError(error instanceof Error ? error.message : 'ssh-agent failed');
  }
}

/** Paths the user names: `~` is `$HOME`, relative paths start at the workspace. */
function pathContext(): { home: string; workspace?: string } {
  return { home: resolveHomes().home, workspace: process.env[Env.Workspace] };
}

async function writeKeyFileStep(
  settings: Settings,
  key: DeliverableKey,
  journal: Journal,
): Promise<void> {
  if (!settings.keyFile) return;
  const result = await asActionError('key-file', () =>
    writeKeyFile(settings.keyFile!, key.privateKey, pathContext()),
  );
  if (result.written) {
    journal.record({ kind: 'file-written', path: result.path, createdDirs: result.createdDirs });
    core.info(`Wrote the key to ${result.path} (${result.access}).`);
  } else {
    core.info(`${result.path} already holds this key; left as it is.`);
  }
  core.setOutput(Outputs.KeyFile, result.path);
}

async function addKnownHostsStep(
  settings: Settings,
  _key: DeliverableKey,
  journal: Journal,
): Promise<void> {
  if (settings.knownHosts.length === 0) return;
  const result = await asActionError('known-hosts', () =>
    // Where ssh itself will look: its passwd entry's home, whatever $HOME says.
    addKnownHosts(settings.knownHosts, { home: resolveHomes().sshHome }),
  );
  if (result.added.length > 0 || result.createdFile) {
    journal.record({
      kind: 'known-hosts-added',
      path: result.path,
      lines: result.added,
      createdFile: result.createdFile,
      createdDirs: result.createdDirs,
    });
  }
  const skipped = settings.knownHosts.length - result.added.length;
  core.info(
    `Added ${result.added.length} line(s) to ${result.path}${skipped ? `; ${skipped} already there` : ''}.`,
  );
}

async function outputPrivateKey(settings: Settings, key: DeliverableKey): Promise<void> {
  if (settings.outputPrivateKey) core.setOutput(Outputs.PrivateKey, key.privateKey);
}

/** File errors name the path and what is wrong, never the content; prefix the input's name. */
async function asActionError<T>(input: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ActionError(`Input '${input}': ${reason}`);
  }
}
