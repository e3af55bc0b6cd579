import { join } from 'node:path';

export interface JobDirs {
  root: string;
  home: string;
  runnerTemp: string;
  workspace: string;
  eventPath: string;
}

/**
 * What a GitHub-hosted Linux runner sets for a step, deliberately not the developer's
 * environment: a machine's SSH_AUTH_SOCK or cloud credentials must never reach the action
 * unless a test passes them. PATH is kept so ssh-agent and friends resolve.
 */
export function githubHostedEnv(dirs: JobDirs, addedPath: string[] = []): Record<string, string> {
  return {
    PATH: [...addedPath, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':'),
    HOME: dirs.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: dirs.runnerTemp,
    RUNNER_TOOL_CACHE: join(dirs.root, 'toolcache'),
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTION: 'ssh-key',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
  };
}
