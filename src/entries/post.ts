import * as core from '@actions/core';
import { run } from '../post.js';

// The post step must never fail the job: even an unexpected rejection becomes a warning.
run().catch((error: unknown) => {
  core.warning(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
});
