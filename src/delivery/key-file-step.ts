import * as core from '@actions/core';
import { applyKeyFile, planKeyFile, type KeyFilePlan, type PathContext } from './files.js';
import type { Journal } from './journal.js';
import type { DeliverableKey } from './deliverable-key.js';

// `key-file`: the private key, and in mode certificate its certificate beside it as
// `<key-file>-cert.pub`, where ssh looks for it. Both are planned before either is written, so
// a certificate path that cannot be written leaves no key file behind.

/** Writes what `key-file` asks for, each journaled first; returns the key file's path. */
export async function writeKeyFiles(
  keyFile: string,
  key: DeliverableKey,
  journal: Journal,
  context: PathContext,
): Promise<string> {
  const files: [string, string][] = [[key.privateKey, 'the key']];
  if (key.certificate) files.push([`${key.certificate.trim()}\n`, 'the certificate']);
  const plans: KeyFilePlan[] = [];
  for (const [index, [content]] of files.entries()) {
    const requested = index === 0 ? keyFile : `${keyFile}-cert.pub`;
    plans.push(await planKeyFile(requested, content, context));
  }
  for (const [index, plan] of plans.entries()) {
    const [content, what] = files[index]!;
    if (!plan.written) {
      core.info(`${plan.path} already holds ${what.replace('the ', 'this ')}; left as it is.`);
      continue;
    }
    const { path, createdDirs, sha256, temp } = plan;
    journal.record({ kind: 'file-written', path, createdDirs, sha256, temp });
    await applyKeyFile(plan, content, context);
    core.info(`Wrote ${what} to ${plan.path} (${plan.access}).`);
  }
  return plans[0]!.path;
}
