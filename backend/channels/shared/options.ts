/** Tuning of the channel workers. Defaults follow Meta's published limits; tests shorten the waits. */
export interface ChannelOptions {
  graphVersion: string;
  /** Per-number send rate when an account does not set its own (Meta: 80 msg/s by default). */
  defaultRatePerSecond: number;
  /** Messages to one customer: `recipientBurst` at once, then one per `recipientIntervalMs`. */
  recipientBurst: number;
  recipientIntervalMs: number;
  /** First back-off after a throttle or transient error; doubles (pair-rate: ×4, as Meta advises). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Transient failures tolerated before a message is failed for good. */
  maxAttempts: number;
  /** A message claimed for sending by a process that died is declared `unknown` after this. */
  sendLeaseMs: number;
  /** A webhook being processed by a process that died is picked up again after this. */
  inboxLeaseMs: number;
  httpTimeoutMs: number;
  /** How often idle workers look for work queued by another instance or left by a crash. */
  pollMs: number;
  /** Turn the background workers off (tests drive them by hand). */
  workers: boolean;
}

export const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  graphVersion: 'v23.0',
  defaultRatePerSecond: 80,
  recipientBurst: 10,
  recipientIntervalMs: 6_000,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  maxAttempts: 6,
  sendLeaseMs: 60_000,
  inboxLeaseMs: 30_000,
  httpTimeoutMs: 15_000,
  pollMs: 200,
  workers: true,
};

const ENV_KEYS: Record<string, keyof ChannelOptions> = {
  CHANNELS_RECIPIENT_BURST: 'recipientBurst',
  CHANNELS_RECIPIENT_INTERVAL_MS: 'recipientIntervalMs',
  CHANNELS_RETRY_BASE_MS: 'retryBaseMs',
  CHANNELS_SEND_LEASE_MS: 'sendLeaseMs',
  CHANNELS_INBOX_LEASE_MS: 'inboxLeaseMs',
  CHANNELS_POLL_MS: 'pollMs',
  WHATSAPP_RATE_PER_SECOND: 'defaultRatePerSecond',
};

/** Optional overrides from the environment (positive integers only; anything else is refused). */
export function channelOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ChannelOptions> {
  const out: Partial<Record<keyof ChannelOptions, number>> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
    if (key === 'defaultRatePerSecond' && value > 1_000) throw new Error(`${name} must be at most 1000`);
    out[key] = value;
  }
  return out as Partial<ChannelOptions>;
}
