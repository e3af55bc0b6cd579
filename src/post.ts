import { type CleanupDeps, realCleanupDeps } from './delivery/cleanup-deps.js';
import { Journal } from './delivery/journal.js';
import { undoAll } from './delivery/undo.js';
import { errorMessage } from './errors.js';

/** The post step: undoes the main step's journal in reverse order. Never throws. */
export async function run(deps: CleanupDeps = realCleanupDeps()): Promise<void> {
  const { logger } = deps;
  try {
    const { journal, warnings } = Journal.load(deps.getState);
    for (const warning of warnings) logger.warning(`Cleanup: ${warning}.`);
    if (journal.entries.length === 0) {
      logger.info('Nothing to clean up.');
      return;
    }
    await undoAll(journal.entries, deps);
  } catch (error) {
    logger.warning(`Cleanup failed unexpectedly: ${errorMessage(error)}`);
  }
}
