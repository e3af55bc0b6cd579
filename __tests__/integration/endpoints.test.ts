// Endpoint trust rules through the bundled action: plain http only to loopback unless the workflow
// opts in with allow-plain-http (then a warning), and no credentials in an endpoint URL, ever
// shown.
import { describe, expect } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import { errorText, freshName, KIT_ROLE, test as kitTest } from './kit.js';

/**
 * Not loopback by the action's rule (only 127.0.0.0/8, ::1 and localhost are), yet on Linux a
 * connection to 0.0.0.0 reaches this machine: the emulator listens on every address, as a service
 * container is reached from a job, on every machine the suite runs on.
 */
const OWN_ADDRESS = '0.0.0.0';

/** The kit, with the file's emulator on that address. */
const test = kitTest.extend(
  'emulator',
  { scope: 'file' },
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  async ({}, { onCleanup }) => {
    const emulator = await startEmulator({ host: OWN_ADDRESS, roles: [KIT_ROLE] });
    onCleanup(() => emulator.close());
    return emulator;
  },
);

// Every job of these tests may request OIDC tokens, as with `permissions: id-token: write`.
test.beforeEach(async ({ kit }) => {
  await kit.withTokenService();
});

const CANARY = 'Canary-Pw-5e1d7c';
/** Accepted as it is, never reached: the other endpoint input is refused first. */
const LOOPBACK = 'http://127.0.0.1:9';
const CLEAR_TEXT = /is plain http to .* \('allow-plain-http' is true\): .* travel in clear text/;

describe('plain http to a non-loopback host', () => {
  test.for([
    ['endpoint', (url: string) => ({ endpoint: url })],
    ['sts-endpoint', (url: string) => ({ 'sts-endpoint': url })],
    ['endpoint', () => ({ endpoint: 'http://ssm-emulator:8080' })],
    ['sts-endpoint', () => ({ 'sts-endpoint': 'http://sts-emulator.example:8080' })],
  ] as const)(
    'is refused before any request without allow-plain-http (%s)',
    async ([input, override], { kit, tokens }) => {
      const tokenRequests = tokens.requests;
      const inputs = kit.inputs({
        'secret-name': freshName('endpoints'),
        endpoint: LOOPBACK,
        'sts-endpoint': LOOPBACK,
        ...override(kit.emulator.url),
      });
      const main = await kit.newJob().runMain(inputs);
      expect(main.failed).toBe(true);
      const shown = inputs[input];
      expect(errorText(main)).toContain(`Input '${input}' is invalid: got '${shown}'`);
      expect(errorText(main)).toContain("'allow-plain-http: true'");
      expect(kit.calls()).toEqual([]);
      expect(tokens.requests).toBe(tokenRequests);
    },
  );

  test('works with allow-plain-http, warning what travels in clear text', async ({ kit }) => {
    const name = freshName('endpoints');
    kit.emulator.addSecret({ name });
    const main = await kit
      .newJob()
      .runMain(
        kit.inputs({ 'secret-name': name, 'allow-plain-http': 'true', 'ssh-agent': 'false' }),
      );
    expect(main.failed, errorText(main)).toBe(false);
    expect(main.outputs.fingerprint).toBe(kit.emulator.getSecret(name)?.fingerprint);
    expect(kit.calls('AssumeRoleWithWebIdentity')).toHaveLength(1);
    const host = new URL(kit.emulator.url).host;
    const warnings = main.commands.warnings.map((w) => w.message);
    expect(warnings).toEqual([
      expect.stringMatching(CLEAR_TEXT),
      expect.stringMatching(CLEAR_TEXT),
    ]);
    expect(warnings[0]).toContain(`'sts-endpoint' is plain http to ${host}`);
    expect(warnings[0]).toContain('GitHub OIDC token and the temporary credentials');
    expect(warnings[1]).toContain(`'endpoint' is plain http to ${host}`);
    expect(warnings[1]).toContain('the private key');
  });

  test('warns only about endpoint with static credentials', async ({ kit }) => {
    const name = freshName('endpoints');
    kit.emulator.addSecret({ name });
    const { secretId, secretKey } = kit.emulator.credentials;
    const inputs = {
      ...kit.inputs({ 'secret-name': name, 'allow-plain-http': 'true', 'ssh-agent': 'false' }),
      'role-arn': '',
      'oidc-provider-id': '',
      'secret-id': secretId,
      'secret-key': secretKey,
    };
    const main = await kit.newJob().runMain(inputs);
    expect(main.failed, errorText(main)).toBe(false);
    expect(main.commands.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^'endpoint' is plain http to .* travel in clear text/),
    ]);
  });
});

describe('credentials in an endpoint URL', () => {
  const FORMS: [string, (host: string) => string][] = [
    ['user:password', (host) => `http://deploy:${CANARY}@${host}`],
    ['token', (host) => `https://${CANARY}@${host}`],
    ['user:password without scheme', (host) => `deploy:${CANARY}@${host}`],
  ];
  const CASES = ['endpoint', 'sts-endpoint'].flatMap((input) =>
    FORMS.flatMap(([label, form]) =>
      ['false', 'true'].map((allow) => ({ input, label, form, allow })),
    ),
  );

  test.for(CASES)(
    'are refused and never shown: $input, $label, allow-plain-http $allow',
    async ({ input, form, allow }, { kit, tokens }) => {
      const tokenRequests = tokens.requests;
      const host = new URL(kit.emulator.url).host;
      const inputs = kit.inputs({
        'secret-name': freshName('endpoints'),
        'allow-plain-http': allow,
        endpoint: LOOPBACK,
        'sts-endpoint': LOOPBACK,
        [input]: form(host),
      });
      const job = kit.newJob({ RUNNER_DEBUG: '1' });
      const main = await job.runMain(inputs);
      expect(main.failed).toBe(true);
      expect(errorText(main)).toContain(
        `Input '${input}' is invalid: got '***@${host}' (credentials hidden)`,
      );
      expect(errorText(main)).toContain('never takes credentials in the URL');
      expect(job.allOutputText()).not.toContain(CANARY);
      expect(job.allOutputText()).not.toContain('deploy:');
      expect(kit.calls()).toEqual([]);
      expect(tokens.requests).toBe(tokenRequests);
    },
  );
});
