import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type ActionManifest,
  defaultActionYml,
  inputEnvironment,
  inputEnvName,
  readActionManifest,
} from './action-yml.js';
import { parseEnvFile, parseKeyValueFile, parsePathFile } from './file-commands.js';
import { node24, repoRoot } from './node24.js';
import { NO_PASSWD_HOME, SSH_HOME_INPUTS, passwdHomeEnv } from './passwd-home.js';
import { chownTree } from './throwaway-account.js';
import { type Interrupt, runProcess } from './run-process.js';
import { githubHostedEnv } from './runner-env.js';
import { type CommandSummary, scanCommands, summarizeCommands } from './workflow-commands.js';

export interface JobOptions {
  /** Defaults to the repository's action.yml. */
  actionYml?: string;
  /** Entry scripts; default to action.yml's runs.main / runs.post, else dist/{main,post}/index.js. */
  mainScript?: string;
  postScript?: string;
  /** Node binary; defaults to the resolved Node 24. */
  node?: string;
  /** Extra env for every step of the job (an undefined value removes a base variable). */
  env?: Record<string, string | undefined>;
  /**
   * Run every step as this account (a throwaway one: see throwaway-account.ts), which then owns
   * the job's directories; ssh's home is its real passwd home. Without it, steps run as the
   * current user seeing a passwd entry whose home is the job's `home` (see passwd-home.ts).
   */
  account?: { uid: number; gid: number };
}

export interface StepOptions {
  env?: Record<string, string | undefined>;
  node?: string;
  timeoutMs?: number;
  /** Cancel the step as the runner does (SIGINT, then SIGKILL); its state is still read. */
  interrupt?: Interrupt;
}

export interface StepResult {
  kind: 'main' | 'post';
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdioHeldOpen: boolean;
  /** From spawn to exit of the step's process, in milliseconds. */
  durationMs: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  addedPath: string[];
  commands: CommandSummary;
  /** Malformed GITHUB_* files: the runner fails the step for these. */
  fileCommandErrors: string[];
  failed: boolean;
  /** The INPUT_* variables the step ran with (the post step reuses them). */
  inputEnv: Record<string, string>;
}

type StepFiles = Record<'OUTPUT' | 'ENV' | 'STATE' | 'STEP_SUMMARY' | 'PATH', string>;

function readParsed<T>(file: string, parse: (text: string) => T, empty: T, errors: string[]): T {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    errors.push(`${file.split('/').at(-1)}: ${(error as Error).message}`);
    return empty;
  }
}

/** One job on an emulated GitHub-hosted runner: a temp workspace and a sequence of steps. */
export class Job {
  readonly root: string;
  readonly home: string;
  readonly runnerTemp: string;
  readonly workspace: string;
  readonly eventPath: string;
  readonly manifest: ActionManifest;
  readonly steps: StepResult[] = [];
  /** Variables exported so far through GITHUB_ENV, applied to every later step. */
  readonly exportedEnv: Record<string, string> = {};
  private readonly addedPath: string[] = [];
  private stepCount = 0;

  constructor(private readonly options: JobOptions = {}) {
    this.manifest = readActionManifest(options.actionYml ?? defaultActionYml);
    if (this.manifest.using !== undefined && this.manifest.using !== 'node24') {
      throw new Error(`action.yml runs.using is '${this.manifest.using}', expected node24`);
    }
    this.root = mkdtempSync(join(tmpdir(), 'action-job-'));
    this.home = join(this.root, 'home');
    this.runnerTemp = join(this.root, 'runner-temp');
    this.workspace = join(this.root, 'workspace');
    for (const dir of [this.home, this.runnerTemp, this.workspace, join(this.root, 'steps')]) {
      mkdirSync(dir, { recursive: true });
    }
    this.eventPath = join(this.root, 'event.json');
    writeFileSync(this.eventPath, '{}\n');
    if (options.account) {
      chownTree(this.root, options.account.uid, options.account.gid);
      this.passwdEnv = {};
    } else {
      this.passwdEnv = passwdHomeEnv(this.root, this.home);
    }
  }

  /**
   * What makes the job's processes see their passwd home: empty with a real account, undefined
   * where nss_wrapper is missing (then steps that write to ssh's home are refused).
   */
  readonly passwdEnv: Record<string, string> | undefined;

  async runMain(inputs: Record<string, string> = {}, opts: StepOptions = {}): Promise<StepResult> {
    const inputEnv = inputEnvironment(this.manifest, inputs);
    const script =
      this.options.mainScript ?? distOverride('main') ?? this.manifest.main ?? distScript('main');
    return this.runStep('main', script, inputEnv, {}, opts);
  }

  /** The post step of `step`: its state as STATE_<name>, its inputs, the job's env as it is now. */
  async runPost(step: StepResult, opts: StepOptions = {}): Promise<StepResult> {
    if (step.kind !== 'main') throw new Error('runPost takes the result of a main step');
    const stateEnv = Object.fromEntries(
      Object.entries(step.state).map(([name, value]) => [`STATE_${name}`, value]),
    );
    const script =
      this.options.postScript ?? distOverride('post') ?? this.manifest.post ?? distScript('post');
    return this.runStep('post', script, step.inputEnv, stateEnv, opts);
  }

  /** Everything a job log would show: each step's stdout and stderr, then each step summary. */
  allOutputText(): string {
    const logs = this.steps.map((step) => `${step.stdout}\n${step.stderr}`);
    // The runner never reads commands in a summary; the fence keeps a leak scanner from
    // treating an `::add-mask::` line there as consumed.
    const token = `harness-summary-${randomUUID()}`;
    const summaries = this.steps.map((step) => step.summary).filter((text) => text !== '');
    if (summaries.length === 0) return logs.join('\n');
    return [...logs, `::stop-commands::${token}`, ...summaries, `::${token}::`].join('\n');
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private createStepFiles(): StepFiles {
    const dir = join(this.root, 'steps', String(++this.stepCount));
    mkdirSync(dir);
    const files: StepFiles = {
      OUTPUT: join(dir, 'output'),
      ENV: join(dir, 'env'),
      STATE: join(dir, 'state'),
      STEP_SUMMARY: join(dir, 'step_summary'),
      PATH: join(dir, 'path'),
    };
    for (const file of Object.values(files)) writeFileSync(file, '');
    return files;
  }

  /**
   * The env a later step (`run:` or another action) would get: runner base, GITHUB_ENV exports,
   * job env, then `extra`. Use it to run ssh/ssh-add as a later step of the job would.
   */
  environment(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const merged: Record<string, string | undefined> = {
      ...githubHostedEnv(this, this.addedPath),
      ...this.passwdEnv,
      ...this.exportedEnv,
      ...this.options.env,
      ...extra,
    };
    return Object.fromEntries(
      Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  }

  private stepEnv(files: StepFiles, extra: Record<string, string>, opts: StepOptions) {
    const fileEnv = Object.fromEntries(
      Object.entries(files).map(([name, file]) => [`GITHUB_${name}`, file]),
    );
    return this.environment({ ...opts.env, ...extra, ...fileEnv });
  }

  private async runStep(
    kind: StepResult['kind'],
    script: string,
    inputEnv: Record<string, string>,
    stateEnv: Record<string, string>,
    opts: StepOptions,
  ): Promise<StepResult> {
    if (!existsSync(script)) throw new Error(`${script} does not exist: run \`npm run build\``);
    const writesSshHome = SSH_HOME_INPUTS.some((name) => inputEnv[inputEnvName(name)]);
    if (!this.passwdEnv && writesSshHome) throw new Error(NO_PASSWD_HOME);
    const files = this.createStepFiles();
    const account = this.options.account;
    if (account) chownTree(join(files.OUTPUT, '..'), account.uid, account.gid);
    const env = this.stepEnv(files, { ...inputEnv, ...stateEnv }, opts);
    const node = opts.node ?? this.options.node ?? node24();
    const run = await runProcess(node, [script], {
      env,
      cwd: this.workspace,
      timeoutMs: opts.timeoutMs,
      ...this.options.account,
      interrupt: opts.interrupt,
    });
    const errors: string[] = [];
    const result: StepResult = {
      kind,
      ...run,
      outputs: readParsed(files.OUTPUT, parseKeyValueFile, {}, errors),
      exportedEnv: readParsed(files.ENV, parseEnvFile, {}, errors),
      state: readParsed(files.STATE, parseKeyValueFile, {}, errors),
      summary: readFileSync(files.STEP_SUMMARY, 'utf8'),
      addedPath: readParsed(files.PATH, parsePathFile, [], errors),
      commands: summarizeCommands(
        scanCommands(run.stderr),
        summarizeCommands(scanCommands(run.stdout)),
      ),
      fileCommandErrors: errors,
      failed: run.exitCode !== 0 || run.timedOut || errors.length > 0,
      inputEnv,
    };
    Object.assign(this.exportedEnv, result.exportedEnv);
    this.addedPath.unshift(...result.addedPath);
    this.steps.push(result);
    return result;
  }
}

/** ACTION_DIST=<dir> runs a bundle built elsewhere (`node scripts/build.mjs <dir>`). */
function distOverride(kind: 'main' | 'post'): string | undefined {
  const dir = process.env.ACTION_DIST;
  return dir ? join(resolve(repoRoot, dir), kind, 'index.js') : undefined;
}

function distScript(kind: 'main' | 'post'): string {
  return join(repoRoot, 'dist', kind, 'index.js');
}
