#!/usr/bin/env node
// Runs the emulator as a process:
//   node emulator/cli.js [--port N] [--host H] [--rate-limit R] [--subject SUB] [--seed NAME ...]
//     [--kms-key ec|rsa] (repeatable)
// Prints one JSON line (url, credentials, OIDC settings, seeded secret names, KMS key IDs; never
// key material)
// and serves until SIGINT or SIGTERM.
import { startEmulator } from './server.js';

/**
 * @typedef {object} CliOptions
 * @property {number} [port]
 * @property {string} [host]
 * @property {number} [rateLimit]
 * @property {string} [subject]
 * @property {string[]} seed
 * @property {('ec' | 'rsa')[]} kmsKeys
 */

/**
 * @param {string} flag
 * @param {string | undefined} value
 * @returns {number}
 */
function numberArgument(flag, value) {
  const number = Number(value);
  if (value === undefined || !Number.isFinite(number) || number < 0) {
    throw new Error(`${flag} needs a non-negative number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/**
 * @param {string[]} argv  arguments after the script name
 * @returns {CliOptions}
 */
function parseArguments(argv) {
  /** @type {CliOptions} */
  const options = { seed: [], kmsKeys: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const next = () => argv[++index];
    if (flag === '--port') options.port = numberArgument(flag, next());
    else if (flag === '--host') options.host = next();
    else if (flag === '--rate-limit') options.rateLimit = numberArgument(flag, next());
    else if (flag === '--subject') options.subject = next();
    else if (flag === '--seed') {
      while (index + 1 < argv.length && !argv[index + 1].startsWith('--'))
        options.seed.push(next());
    } else if (flag === '--kms-key') {
      const type = next();
      if (type !== 'ec' && type !== 'rsa') throw new Error('--kms-key needs ec or rsa');
      options.kmsKeys.push(type);
    } else throw new Error(`unknown argument ${flag}`);
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    rateLimit: options.rateLimit,
    oidc: options.subject ? { subject: options.subject } : undefined,
  });
  for (const name of options.seed) emulator.addSecret({ name });
  const kmsKeys = options.kmsKeys.map((type) => emulator.addKmsKey({ type }));
  const [role] = emulator.roles;
  const summary = {
    url: emulator.url,
    secretId: emulator.credentials.secretId,
    secretKey: emulator.credentials.secretKey,
    oidcRequestUrl: emulator.oidc.requestUrl,
    oidcRequestToken: emulator.oidc.requestToken,
    roleArn: role?.roleArn,
    oidcProviderId: role?.providerId,
    audience: emulator.oidc.audience,
    seeded: options.seed,
    kmsKeys: kmsKeys.map(({ keyId, type }) => ({ keyId, type })),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
