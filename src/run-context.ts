/** The repository and run this job belongs to, from @actions/github's context (loaded lazily). */
export interface RunContext {
  repository: string;
  runId: number;
  runAttempt: number;
  serverUrl: string;
}

export async function loadRunContext(): Promise<RunContext> {
  const { context } = await import('@actions/github');
  const repository = process.env.GITHUB_REPOSITORY
    ? `${context.repo.owner}/${context.repo.repo}`
    : 'unknown/unknown';
  return {
    repository,
    runId: Number.isFinite(context.runId) ? context.runId : 0,
    runAttempt: Number.isFinite(context.runAttempt) ? context.runAttempt : 1,
    serverUrl: context.serverUrl,
  };
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
