/**
 * In-memory token buckets keyed by client address. One instance's memory only: several
 * instances each allow the rate, which still bounds guessing to a small multiple of it.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Attempts allowed at once. */
    private readonly capacity: number,
    /** Attempts regained per second. */
    private readonly refillPerSecond: number,
    private readonly clock: () => number = Date.now,
    /** Beyond this many addresses the oldest entries are forgotten (bounded memory under a spray). */
    private readonly maxKeys = 10_000,
  ) {}

  private current(key: string): { tokens: number; at: number } {
    const now = this.clock();
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
    return { tokens, at: now };
  }

  /** Seconds until `key` may try again, or 0 if it may now. */
  retryAfterSeconds(key: string): number {
    const { tokens } = this.current(key);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.refillPerSecond);
  }

  /** Uses one attempt of `key`. */
  take(key: string): void {
    const bucket = this.current(key);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}
