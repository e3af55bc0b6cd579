import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Runs `use` with `content` in a new file inside a new private directory under `base`, then
 * removes both, whatever `use` does. For tools that read only from files (old ssh-add -d).
 */
export async function withTempFile<T>(
  base: string,
  name: string,
  content: string,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(base, 'ssh-key-'));
  try {
    const file = path.join(dir, name);
    await writeFile(file, content, { mode: 0o600, flag: 'wx' });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
