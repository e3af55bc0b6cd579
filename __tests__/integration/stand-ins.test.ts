// The vendor/ stand-ins throw when used, so no path of the bundled action may reach them. undici's
// must not be in the bundle at all: nothing imports @actions/github, and the OIDC token request
// uses node:http, so the bundler drops @actions/http-client's undici import as unused. form-data's
// is reached only by SDK requests with `multipart`, which the one call site never passes. The
// SDK's own https-proxy-agent only by a client without an agent, and bignumber.js only by
// json-bigint's parse (never called) or a BigNumber parameter (none): they would cost every start.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dist = resolve(root, process.env.ACTION_DIST ?? 'dist');

function bundleText(kind: 'main' | 'post'): string {
  const dir = join(dist, kind);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

function sources(): [string, string][] {
  const dir = join(root, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
}

describe('stand-ins', () => {
  it.each(['main', 'post'] as const)('the %s bundle holds neither undici nor Octokit', (kind) => {
    const text = bundleText(kind);
    expect(text).not.toContain('is not bundled with this action (no code path should reach it)');
    expect(text).not.toMatch(/octokit/i);
  });

  it.each([
    ['@actions/http-client', 'actions/http-client'],
    ['@actions/exec', 'Unable to locate executable file'],
    ['tunnel (under @actions/http-client)', 'tunneling socket could not be established'],
    ['bignumber.js (under json-bigint)', '[BigNumber Error]'],
    ["the SDK's https-proxy-agent@5 and its agent-base", 'agent-base'],
  ])(
    'the main step loads no %s at start-up (stood in: only unused APIs reach it)',
    (_name, marker) => {
      // index.js only: the chunks load on demand (the proxy agent only for a proxied route).
      const startup = readFileSync(join(dist, 'main', 'index.js'), 'utf8');
      expect(startup.includes(marker), marker).toBe(false);
    },
  );

  it('no source imports @actions/github or undici, or asks @actions/core for the token', () => {
    for (const [name, text] of sources()) {
      expect(text, name).not.toMatch(
        /from '(@actions\/github|undici)'|import\('@actions\/github'\)/,
      );
      expect(text, name).not.toMatch(/\bgetIDToken\b/);
    }
  });

  it('every SDK client is given its own agent (the SDK would otherwise build its proxy agent)', () => {
    const config = readFileSync(join(root, 'src', 'tencent-api', 'client-config.ts'), 'utf8');
    expect(config).toMatch(/^ {2}agent: Agent;$/m);
    expect(config).toMatch(/^ {8}agent: target\.agent,$/m);
  });

  it('no SDK request asks for a multipart body (the only path to the form-data stand-in)', () => {
    for (const [name, text] of sources()) expect(text, name).not.toMatch(/multipart/);
  });
});
