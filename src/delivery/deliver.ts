import * as core from '@actions/core';
import { agentHasKey } from './agent-keys.js';
import { addCertifiedKey } from './certified-key.js';
import { loadKey } from './agent-load.js';
import { ensureAgent, type AgentInfo } from './agent.js';
import { Env, Outputs } from '../constants.js';
import { ActionError, errorMessage } from '../errors.js';
import { applyKnownHosts, checkKeyFilePath, planKnownHosts, resolveUserPath } from './files.js';
import { writeKeyFiles } from './key-file-step.js';
import { configureClients } from './client-config.js';
import { homesNote, resolveHomes } from './homes.js';
import type { Journal, JournalEntry } from './journal.js';
import type { Settings } from '../settings/settings.js';
import type { DeliverableKey } from './deliverable-key.js';

type Step = (settings: Settings, key: DeliverableKey, journal: Journal) => Promise<void>;

/**
 * Starts (or finds) the agent the key will go into, once the key is in hand, so that a failed
 * fetch leaves nothing behind. The agent's socket is journaled before the agent starts.
 */
export async function prepareAgent(
  settings: Settings,
  journal: Journal,
): Promise<AgentInfo | undefined> {
  if (!settings.sshAgent) return undefined;
  let entry: JournalEntry | undefined;
  const agent = await asAgentError(() =>
    ensureAgent({
      env: process.env,
      runnerTemp: process.env[Env.RunnerTemp],
      beforeStart: ({ socket, socketDir }) => {
        entry = { kind: 'agent-started', socket, socketDir };
        journal.record(entry);
      },
    }),
  );
  if (agent.started && agent.pid !== undefined && entry) {
    journal.update(entry, { pid: agent.pid });
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
  const writesHomes =
    settings.keyFile ||
    settings.knownHosts.length > 0 ||
    settings.sshHosts.length > 0 ||
    settings.gitRepositories.length > 0;
  const note = writesHomes ? homesNote(resolveHomes()) : '';
  if (note) core.info(note);
  const loadIntoAgent: Step = (s, k, j) => (agent ? addToAgent(agent, s, k, j) : Promise.resolve());
  const configure: Step = (s, k, j) => configureClientsStep(s, k, j, agent !== undefined);
  const steps: Step[] = [
    loadIntoAgent,
    writeKeyFileStep,
    addKnownHostsStep,
    configure,
    outputPrivateKey,
  ];
  for (const step of steps) await step(settings, key, journal);
}

async function addToAgent(
  agent: AgentInfo,
  settings: Settings,
  key: DeliverableKey,
  journal: Journal,
) {
  const lifetime = settings.keyLifetimeSeconds;
  const forSeconds = lifetime ? ` for ${lifetime} s` : '';
  if (key.certificate) {
    // A key made a moment ago: no agent holds it yet, so there is nothing to look for.
    const certified = { ...key, certificate: key.certificate };
    await asAgentError(() => addCertifiedKey(agent, certified, lifetime, journal));
    core.info(`Added the key and its certificate to the agent${forSeconds}.`);
    return;
  }
  if (!agent.started && (await asAgentError(() => agentHasKey(agent.socket, key.publicKey)))) {
    // Its owner added it: adding it again could change its lifetime, and post would remove it.
    core.info('The agent already holds this key; left it as it is.');
    return;
  }
  let entry: JournalEntry | undefined;
  if (!agent.started) {
    entry = { kind: 'key-added', socket: agent.socket, publicKey: key.publicKey };
    journal.record(entry);
  }
  await asAgentError(() => loadKey(agent.socket, key, lifetime, journal, entry));
  core.info(`Added the key to the agent${forSeconds}.`);
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
  const keyFile = settings.keyFile;
  const path = await asActionError('key-file', () =>
    writeKeyFiles(keyFile, key, journal, pathContext()),
  );
  core.setOutput(Outputs.KeyFile, path);
}

async function addKnownHostsStep(
  settings: Settings,
  _key: DeliverableKey,
  journal: Journal,
): Promise<void> {
  if (settings.knownHosts.length === 0) return;
  const sshContext = { ...pathContext(), home: resolveHomes().sshHome };
  const result = await asActionError('known-hosts', () =>
    // Where ssh itself will look: its passwd entry's home, whatever $HOME says.
    planKnownHosts(settings.knownHosts, sshContext),
  );
  if (result.added.length > 0) {
    const { path, added: lines, createdFile, createdDirs, temp } = result;
    journal.record({ kind: 'known-hosts-added', path, lines, createdFile, createdDirs, temp });
    await asActionError('known-hosts', () => applyKnownHosts(result, sshContext.home));
  }
  const skipped = settings.knownHosts.length - result.added.length;
  core.info(
    `Added ${result.added.length} line(s) to ${result.path}${skipped ? `; ${skipped} already there` : ''}.`,
  );
}

/** ssh's IdentityFile: the public key when the agent holds the key, else the key file. */
async function configureClientsStep(
  settings: Settings,
  key: DeliverableKey,
  journal: Journal,
  agent: boolean,
): Promise<void> {
  const keyFile = settings.keyFile ? resolveUserPath(settings.keyFile, pathContext()) : undefined;
  const { certificate } = key;
  await configureClients(settings, key.publicKey, journal, { agent, keyFile, certificate });
}

async function outputPrivateKey(settings: Settings, key: DeliverableKey): Promise<void> {
  if (settings.outputPrivateKey) core.setOutput(Outputs.PrivateKey, key.privateKey);
}

/** File errors name the path and what is wrong, never the content; prefix the input's name. */
async function asActionError<T>(input: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new ActionError(`Input '${input}': ${errorMessage(error)}`);
  }
}
