// Fails when the committed dist/ differs from a fresh build; prints the files that differ.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'dist-check-'));

function listFiles(dir, base = dir) {
  if (!statSync(dir, { throwIfNoEntry: false })) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

try {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), fresh], {
    stdio: 'inherit',
  });
  const committed = path.join(root, 'dist');
  const names = new Set([...listFiles(committed), ...listFiles(fresh)]);
  const differing = [...names].filter((name) => {
    const a = path.join(committed, name);
    const b = path.join(fresh, name);
    if (!statSync(a, { throwIfNoEntry: false }) || !statSync(b, { throwIfNoEntry: false }))
      return true;
    return !readFileSync(a).equals(readFileSync(b));
  });
  if (differing.length > 0) {
    const expected = process.env.EXPECTED_DIST_DIR;
    if (expected) cpSync(fresh, expected, { recursive: true });
    console.error(
      `dist/ is stale; run 'npm run build' and commit. Differing files:\n  ${differing.join('\n  ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log('dist/ matches a fresh build');
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
