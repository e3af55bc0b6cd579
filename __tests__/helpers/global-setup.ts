import type { TestProject } from 'vitest/node';
import { resolveNode24 } from '../../harness/node24.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of a Node 24 binary; tests read it with `inject('node24')`. */
    node24: string;
  }
}

/** Resolves Node 24 once per run (cached on disk across runs) for every test file. */
export default function setup({ provide }: Pick<TestProject, 'provide'>): void {
  provide('node24', resolveNode24());
}
