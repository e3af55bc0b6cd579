import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { run } from '../post.js';

// The post step must never fail the job: even an unexpected rejection becomes a warning.
run().catch((error: unknown) => {
  core.warning(`Cleanup failed: ${errorMessage(error)}`);
});
