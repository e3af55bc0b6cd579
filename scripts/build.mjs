// Bundles the main and post entries with ncc into dist/ (or into the directory given as argv[2]).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = { main: 'src/entries/main.ts', post: 'src/entries/post.ts' };

for (const [name, entry] of Object.entries(entries)) {
  const out = path.join(outRoot, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'],
    { cwd: root, stdio: 'inherit' },
  );
}
console.log(`built ${Object.keys(entries).join(', ')} into ${path.relative(root, outRoot) || '.'}`);
