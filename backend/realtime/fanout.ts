import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { ServerMessage } from '../protocol/v1';
import { pgTypes } from '../storage/database';
import type { Hub } from './hub';

type Item = { orgId: string; message: ServerMessage };

export interface Fanout {
  publish(items: readonly Item[]): void;
  close(): Promise<void>;
}

function groupByOrg(items: readonly Item[]): Map<string, ServerMessage[]> {
  const byOrg = new Map<string, ServerMessage[]>();
  for (const { orgId, message } of items) {
    const list = byOrg.get(orgId);
    if (list) list.push(message);
    else byOrg.set(orgId, [message]);
  }
  return byOrg;
}

/** One instance: deliver straight to the local sockets. */
export class LocalFanout implements Fanout {
  constructor(private readonly hub: Hub) {}

  publish(items: readonly Item[]): void {
    for (const [orgId, messages] of groupByOrg(items)) this.hub.deliver(orgId, messages);
  }

  async close(): Promise<void> {}
}

const CHANNEL = 'switchboard_push';
// PostgreSQL rejects NOTIFY payloads of 8000 bytes or more.
const MAX_PAYLOAD = 7_900;
/** application_name of the LISTEN connection, as pg_stat_activity shows it. */
export const LISTEN_APPLICATION_NAME = 'switchboard-listen';

/**
 * Several instances on one PostgreSQL database: every push goes through NOTIFY and every
 * instance (the sender included) delivers what it hears to its own sockets, so an agent gets
 * the same pushes whichever instance it is connected to, exactly once.
 */
export class PostgresFanout implements Fanout {
  private listener: pg.Client | undefined;
  private publisher: pg.Client | undefined;
  private closed = false;
  private queue: string[] = [];
  private flushing = false;
  private relistening: Promise<void> | undefined;
  /** Ends the back-off wait early when the fanout closes. */
  private wake: (() => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly hub: Hub,
    private readonly log: FastifyBaseLogger,
    private readonly retry: { firstDelayMs: number; maxDelayMs: number } = {
      firstDelayMs: 500,
      maxDelayMs: 30_000,
    },
  ) {}

  async start(): Promise<void> {
    await this.listen();
    this.publisher = await this.connect('switchboard-notify');
  }

  /** True while the LISTEN connection is up (pushes of other instances reach this one). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  private async connect(applicationName: string): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      types: pgTypes,
      // Names the connection in pg_stat_activity (operators, and the tests that end it).
      application_name: applicationName,
      // A server that does not answer is one failed attempt, not a reconnect loop stuck forever.
      connectionTimeoutMillis: 10_000,
    });
    // A connection the server ends (restart, failover) must not crash the process: the next
    // publish replaces a broken publisher, and the listener reconnects with its own handler.
    client.on('error', (error) => this.log.warn({ err: error }, 'PostgreSQL notify connection lost'));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private async listen(): Promise<void> {
    const client = await this.connect(LISTEN_APPLICATION_NAME);
    client.on('notification', (note) => {
      if (note.channel !== CHANNEL || !note.payload) return;
      const frames = note.payload.split('\n');
      const orgId = frames.shift();
      if (!orgId || frames.length === 0) {
        this.log.warn('unreadable push notification');
        return;
      }
      // The frames are delivered as the sending instance serialised them: no parse, no re-encode.
      this.hub.deliverFrames(orgId, frames);
    });
    // Only the connection in use reports a loss; one that failed while starting is ended below.
    const lost = (error?: Error) => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      this.log.error({ err: error }, 'lost the PostgreSQL LISTEN connection; reconnecting');
      client.end().catch(() => {});
      this.relisten();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      // A reconnect that finished after close(): nobody else would ever end this connection.
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
  }

  /**
   * Reconnects the listener with capped exponential back-off until it listens again or the
   * fanout closes. Notifications sent while nobody listened are gone (PostgreSQL does not queue
   * them for a session that is not there), so every socket on this instance is then asked to
   * resync: it reconnects and reloads its state, as after any dropped connection.
   */
  private relisten(): void {
    // Only the listener in use reports a loss, once: there is never a second loop to join.
    const running = (async () => {
      let delay = this.retry.firstDelayMs;
      for (let attempt = 1; !this.closed; attempt += 1) {
        // Jitter: instances that lost PostgreSQL together do not all come back in the same instant.
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, delay * (0.5 + Math.random() / 2)).unref();
        });
        this.wake = undefined;
        if (this.closed) return;
        try {
          await this.listen();
        } catch (error) {
          this.log.warn({ err: error, attempt }, 'PostgreSQL LISTEN reconnect failed; retrying');
          delay = Math.min(delay * 2, this.retry.maxDelayMs);
          continue;
        }
        if (this.closed) return;
        const sockets = this.hub.resyncAll();
        this.log.info({ attempt, sockets }, 'listening to PostgreSQL again; asked the sockets to resync');
        return;
      }
    })();
    this.relistening = running;
    void running.finally(() => {
      if (this.relistening === running) this.relistening = undefined;
    });
  }

  /**
   * Payload: the organisation id, then one serialised frame per line (JSON.stringify never emits
   * a raw newline), each message serialised exactly once for every instance and socket.
   */
  publish(items: readonly Item[]): void {
    for (const [orgId, messages] of groupByOrg(items)) {
      let payload = orgId;
      let bytes = Buffer.byteLength(orgId);
      const empty = bytes;
      for (const message of messages) {
        const frame = JSON.stringify(message);
        const frameBytes = Buffer.byteLength(frame) + 1;
        if (bytes > empty && bytes + frameBytes > MAX_PAYLOAD) {
          this.queue.push(payload);
          payload = orgId;
          bytes = empty;
        }
        payload += `\n${frame}`;
        bytes += frameBytes;
      }
      if (bytes > empty) this.queue.push(payload);
    }
    void this.flush();
  }

  /** One publisher connection, in order: pushes of one instance arrive in the order they committed. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0 && this.publisher && !this.closed) {
        const payloads = this.queue.splice(0, 50);
        try {
          const calls = payloads.map((_, i) => `pg_notify('${CHANNEL}', $${i + 1})`).join(', ');
          await this.publisher.query(`select ${calls}`, payloads);
        } catch (error) {
          // Closing ends the publisher under a query in flight: that is no reason to open another.
          if (this.closed) break;
          this.log.error({ err: error }, 'could not publish pushes; clients will catch up on reconnect');
          await this.publisher.end().catch(() => {});
          this.publisher = await this.connect('switchboard-notify').catch(() => undefined);
          // close() ran while connecting: it could not end this connection, so it is ended here.
          if (this.closed) await this.publisher?.end().catch(() => {});
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.relistening;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.publisher?.end().catch(() => {});
  }
}
