// Per-action rate limiting, like the real service's per-API limit (20 requests per second).

/**
 * A token bucket per action: `rate` requests per second, bursts up to `rate`.
 * @param {number | undefined} rate  undefined or 0: unlimited
 * @param {() => number} [clock]     milliseconds
 */
export function createRateLimiter(rate, clock = Date.now) {
  let limit = rate && rate > 0 ? rate : undefined;
  /** @type {Map<string, { tokens: number, at: number }>} */
  const buckets = new Map();
  return {
    /** @param {number | undefined | null} next */
    setRate: (next) => {
      limit = next && next > 0 ? next : undefined;
      buckets.clear();
    },
    rate: () => limit,
    /**
     * @param {string} action
     * @returns {boolean} false when the request exceeds the limit
     */
    tryTake: (action) => {
      if (limit === undefined) return true;
      const now = clock();
      const bucket = buckets.get(action) ?? { tokens: limit, at: now };
      bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 1000) * limit);
      bucket.at = now;
      buckets.set(action, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

/**
 * @param {number} [limit]
 * @returns {string} the real service's wording
 */
export function throttleMessage(limit) {
  const suffix = limit === undefined ? '' : ` The limit is ${limit} requests per second.`;
  return `Your current request times exceeds the frequency limit. Please reduce the frequency of calls.${suffix}`;
}
