import * as core from '@actions/core';

/**
 * Deprecations raised inside dependencies we must keep and may not patch: node-fetch 2, which the
 * Tencent Cloud SDK pins, calls url.parse() on every request (DEP0169 on Node 24). They say
 * nothing actionable to a workflow's author, so they go to the debug log instead of stderr.
 */
const DEPENDENCY_DEPRECATIONS = new Set(['DEP0169']);

export function routeDependencyDeprecations(): void {
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (
      warning.name === 'DeprecationWarning' &&
      warning.code &&
      DEPENDENCY_DEPRECATIONS.has(warning.code)
    ) {
      core.debug(`Dependency deprecation ${warning.code}: ${warning.message}`);
      return;
    }
    for (const print of printers) print(warning);
  });
}
