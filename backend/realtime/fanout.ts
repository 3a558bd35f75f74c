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

  constructor(
    private readonly url: string,
    private readonly hub: Hub,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    await this.listen();
    this.publisher = await this.connect();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, types: pgTypes });
    // A connection the server ends (restart, failover) must not crash the process: the next
    // publish replaces a broken publisher, and the listener reconnects with its own handler.
    client.on('error', (error) => this.log.warn({ err: error }, 'PostgreSQL notify connection lost'));
    await client.connect();
    return client;
  }

  private async listen(): Promise<void> {
    const client = await this.connect();
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
    const reconnect = (error?: Error) => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      this.log.error({ err: error }, 'lost the PostgreSQL LISTEN connection; reconnecting');
      client.end().catch(() => {});
      setTimeout(() => this.listen().catch((e: unknown) => reconnect(e as Error)), 1_000).unref();
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    await client.query(`listen ${CHANNEL}`);
    if (this.closed) {
      // A reconnect that finished after close(): nobody else would ever end this connection.
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
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
          this.publisher = await this.connect().catch(() => undefined);
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
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.publisher?.end().catch(() => {});
  }
}
