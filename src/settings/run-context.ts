/**
 * The repository and run this job belongs to, from the variables the runner sets. Read directly
 * rather than through @actions/github: importing that builds an Octokit proxy agent when
 * HTTPS_PROXY is set, which is code this action does not bundle.
 */
export interface RunContext {
  repository: string;
  runId: number;
  runAttempt: number;
  serverUrl: string;
}

export function readRunContext(env: Record<string, string | undefined> = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    repository: owner && repo ? `${owner}/${repo}` : 'unknown/unknown',
    runId: positiveInteger(env.GITHUB_RUN_ID) ?? 0,
    runAttempt: positiveInteger(env.GITHUB_RUN_ATTEMPT) ?? 1,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
  };
}

function positiveInteger(text: string | undefined): number | undefined {
  return text && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** The default description of a created secret: names the repository and the run. */
export function defaultDescription(ctx: RunContext): string {
  return `SSH key created by GitHub Actions for ${ctx.repository}, run ${ctx.runId} (${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId})`;
}

/**
 * A role session name from the repository and run, in STS's characters ([\w+=,.@-]). AssumeRole
 * documents 2-128 characters; 64 keeps it short in audit logs, and the tail (run id, attempt)
 * is what stays.
 */
export function defaultRoleSessionName(ctx: RunContext): string {
  const name = `gh-${ctx.repository}-${ctx.runId}-${ctx.runAttempt}`.replace(/[^\w+=,.@-]/g, '-');
  return name.length > 64 ? name.slice(name.length - 64) : name;
}

/** The ref and commit a job runs on; `unknown` when the runner did not say. */
export interface JobRevision {
  ref: string;
  sha: string;
}

export function readJobRevision(
  env: Record<string, string | undefined> = process.env,
): JobRevision {
  const sha = env.GITHUB_SHA ?? '';
  return {
    ref: env.GITHUB_REF || 'unknown',
    sha: /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(sha) ? sha.toLowerCase() : 'unknown',
  };
}
