import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  BASE_EVENTS_PER_BATCH,
  type CapturedEvent,
  type Conversation,
  type EventBatchResult,
} from '../../backend/protocol/v1';
import { freshStore } from '../store/test-helpers';
import { Backoff, backoffDelay } from './backoff';
import {
  type CommandItem,
  Outbox,
  type OutboxEntry,
  type OutboxTransport,
  REPLYING_STALE_MS,
  utf8Length,
} from './outbox';
import { DeliveryError } from './rest';

/** The backend's request body limit (backend/app.ts). */
const BODY_LIMIT_BYTES = 1024 * 1024;

let n = 0;
function event(customerRef: string, over: Partial<CapturedEvent> = {}): CapturedEvent {
  n += 1;
  return {
    id: `whatsapp:${customerRef}:m${n}`,
    kind: 'message.in',
    channel: 'whatsapp',
    customerRef,
    occurredAt: 1_700_000_000_000 + n,
    text: `hello ${n}`,
    ...over,
  };
}

/** A backend stand-in: idempotent by event id, records arrival order, can be switched off. */
class FakeBackend implements OutboxTransport {
  readonly seen = new Set<string>();
  readonly arrivals: string[] = [];
  readonly commands: CommandItem[] = [];
  batches = 0;
  /** Events per request this backend takes (unset: the protocol's base 500). */
  maxEventsPerBatch?: number;
  readonly batchSizes: number[] = [];
  down = false;
  /** Answer the request but "lose" the response (the client sees a network error). */
  loseNextResponse = false;
  reject: (e: CapturedEvent) => boolean = () => false;

  async sendEvents(events: CapturedEvent[]): Promise<EventBatchResult> {
    if (this.down) throw new DeliveryError('down', 0, 'unreachable');
    if (events.some(this.reject)) throw new DeliveryError('bad event', 400, 'invalid_request');
    if (events.length > (this.maxEventsPerBatch ?? BASE_EVENTS_PER_BATCH))
      throw new DeliveryError('too many events', 400, 'invalid_request');
    if (utf8Length(JSON.stringify({ events })) > BODY_LIMIT_BYTES)
      throw new DeliveryError('body too large', 413, 'payload_too_large');
    this.batches += 1;
    this.batchSizes.push(events.length);
    const results = events.map((e) => {
      const duplicate = this.seen.has(e.id);
      if (!duplicate) {
        this.seen.add(e.id);
        this.arrivals.push(e.id);
      }
      return {
        id: e.id,
        status: duplicate ? ('duplicate' as const) : ('accepted' as const),
        conversationId: `c-${e.customerRef}`,
      };
    });
    if (this.loseNextResponse) {
      this.loseNextResponse = false;
      throw new DeliveryError('connection reset', 0, 'unreachable');
    }
    const accepted = results.filter((r) => r.status === 'accepted').length;
    return { accepted, duplicates: events.length - accepted, results };
  }

  async sendCommand(item: CommandItem): Promise<Conversation | null> {
    if (this.down) throw new DeliveryError('down', 0, 'unreachable');
    this.commands.push(item);
    this.arrivals.push(`cmd:${item.kind}`);
    return null;
  }
}

async function freshOutbox(now = () => Date.now()) {
  const store = await freshStore();
  return { outbox: new Outbox(store.db.outbox, now), table: store.db.outbox };
}

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters within [half, full] of the ceiling', () => {
    const low = { baseMs: 500, capMs: 30_000, random: () => 0 };
    const high = { baseMs: 500, capMs: 30_000, random: () => 0.999999 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, low))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, high))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, high)).toBe(30_000);
    expect(backoffDelay(1_000, low)).toBe(15_000);
  });

  it('counts failures and starts over after a success', () => {
    const backoff = new Backoff({ baseMs: 100, capMs: 1_000, random: () => 0.5 });
    const delays = [backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()];
    expect(delays).toEqual([75, 150, 300, 600, 750]);
    expect(backoff.failures).toBe(5);
    backoff.reset();
    expect(backoff.next()).toBe(75);
  });
});

describe('outbox', () => {
  it('holds events while the backend is down and delivers all of them once, in order', async () => {
    const { outbox } = await freshOutbox();
    const backend = new FakeBackend();
    backend.down = true;
    const events = Array.from({ length: 1_203 }, (_, i) => event(`cust-${i % 7}`));
    await outbox.add(events.slice(0, 600).map((e) => ({ kind: 'event' as const, event: e })));
    await outbox.add([{ kind: 'take', conversationId: 'c-cust-1' }]);
    await outbox.add(events.slice(600).map((e) => ({ kind: 'event' as const, event: e })));

    const offline = await outbox.drain(backend);
    expect(offline.delivered).toBe(0);
    expect(offline.stoppedBy?.transient).toBe(true);
    expect(await outbox.pending()).toBe(1_204);

    backend.down = false;
    const report = await outbox.drain(backend);
    expect(report).toMatchObject({ delivered: 1_204, rejected: 0, stoppedBy: null });
    expect(await outbox.pending()).toBe(0);
    expect(backend.arrivals).toEqual([
      ...events.slice(0, 600).map((e) => e.id),
      'cmd:take',
      ...events.slice(600).map((e) => e.id),
    ]);
    // Batches never exceed the protocol's 500 events: 500 + 100, take, 500 + 103.
    expect(backend.batches).toBe(4);
  });

  it('sends batches as large as the backend says it accepts', async () => {
    const { outbox } = await freshOutbox();
    const backend = new FakeBackend();
    backend.maxEventsPerBatch = 2_000;
    const events = Array.from({ length: 2_603 }, (_, i) => event(`cust-${i % 7}`));
    await outbox.add(events.slice(0, 600).map((e) => ({ kind: 'event' as const, event: e })));
    await outbox.add([{ kind: 'take', conversationId: 'c-cust-1' }]);
    await outbox.add(events.slice(600).map((e) => ({ kind: 'event' as const, event: e })));
    const report = await outbox.drain(backend);
    expect(report).toMatchObject({ delivered: 2_604, rejected: 0, stoppedBy: null });
    // A batch also ends where a chunk read from the table ends (2,000 entries, the take included).
    expect(backend.batchSizes).toEqual([600, 1_399, 604]);
    expect(backend.arrivals).toEqual([
      ...events.slice(0, 600).map((e) => e.id),
      'cmd:take',
      ...events.slice(600).map((e) => e.id),
    ]);
    expect(await outbox.pending()).toBe(0);
  });

  it('keeps each batch under the body limit in bytes, not characters', async () => {
    const { outbox } = await freshOutbox();
    const backend = new FakeBackend();
    // Two bytes per character in UTF-8: 300 such events are ~2.4 MB, ~1.2 M characters.
    const events = Array.from({ length: 300 }, () => event('c5', { text: 'é'.repeat(4_000) }));
    await outbox.add(events.map((e) => ({ kind: 'event' as const, event: e })));
    const report = await outbox.drain(backend);
    expect(report).toMatchObject({ delivered: 300, rejected: 0 });
    // Each batch went through whole (none was refused and split into single events).
    expect(backend.batchSizes.length).toBeLessThan(5);
    expect(backend.arrivals).toEqual(events.map((e) => e.id));
  });

  it('counts UTF-8 bytes', () => {
    for (const text of ['', 'plain', 'é', 'ünïcödé', '€', '日本語', '👋🏽', 'a\u{10FFFF}b']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('re-sends a batch whose answer was lost; the backend counts it once', async () => {
    const { outbox } = await freshOutbox();
    const backend = new FakeBackend();
    const events = Array.from({ length: 20 }, () => event('c1'));
    await outbox.add(events.map((e) => ({ kind: 'event' as const, event: e })));
    backend.loseNextResponse = true;
    const first = await outbox.drain(backend);
    expect(first.stoppedBy).not.toBeNull();
    expect(await outbox.pending()).toBe(20);
    const second = await outbox.drain(backend);
    expect(second.delivered).toBe(20);
    expect(backend.arrivals).toEqual(events.map((e) => e.id));
    expect(await outbox.pending()).toBe(0);
  });

  it('keeps one entry per event id (the same message captured twice)', async () => {
    const { outbox } = await freshOutbox();
    const e = event('c2');
    expect(await outbox.add([{ kind: 'event', event: e }])).toBe(1);
    expect(
      await outbox.add([
        { kind: 'event', event: e },
        { kind: 'event', event: e },
      ]),
    ).toBe(0);
    expect(await outbox.pending()).toBe(1);
  });

  it('keeps only the latest presence and drops stale "replying"', async () => {
    let now = 1_000_000;
    const { outbox } = await freshOutbox(() => now);
    const backend = new FakeBackend();
    await outbox.add([{ kind: 'presence', status: 'online' }]);
    await outbox.add([{ kind: 'replying', conversationId: 'c9', active: true }]);
    await outbox.add([{ kind: 'presence', status: 'away' }]);
    now += REPLYING_STALE_MS + 1;
    await outbox.drain(backend);
    expect(backend.commands).toEqual([{ kind: 'presence', status: 'away' }]);
    expect(await outbox.pending()).toBe(0);
  });

  it('sets aside an event the backend refuses for good and delivers the rest', async () => {
    const { outbox } = await freshOutbox();
    const backend = new FakeBackend();
    const events = Array.from({ length: 5 }, () => event('c3'));
    const bad = events[2] as CapturedEvent;
    backend.reject = (e) => e.id === bad.id;
    const refused: string[] = [];
    await outbox.add(events.map((e) => ({ kind: 'event' as const, event: e })));
    const report = await outbox.drain(backend, { rejected: (entry) => refused.push(entry.id) });
    expect(report).toMatchObject({ delivered: 4, rejected: 1 });
    expect(backend.arrivals).toEqual(events.filter((e) => e !== bad).map((e) => e.id));
    expect(refused).toEqual([`event:${bad.id}`]);
    expect((await outbox.failed()).map((f) => f.id)).toEqual([`event:${bad.id}`]);
    expect(await outbox.pending()).toBe(0);
  });

  it('keeps a refused entry that sits between entries delivered in one batch', async () => {
    const { outbox, table } = await freshOutbox();
    const backend = new FakeBackend();
    const events = Array.from({ length: 3 }, () => event('c4'));
    await outbox.add(events.map((e) => ({ kind: 'event' as const, event: e })));
    // Refused earlier (left in the table): the two around it still travel together.
    const middle = (await table.where('id').equals(`event:${events[1]?.id}`).first()) as OutboxEntry;
    await table.update(middle.seq, { status: 'failed' });
    const report = await outbox.drain(backend);
    expect(report.delivered).toBe(2);
    expect(backend.batches).toBe(1);
    expect((await outbox.failed()).map((f) => f.id)).toEqual([`event:${events[1]?.id}`]);
    expect(await table.count()).toBe(1);
  });

  it('refuses to queue an event that does not fit the protocol', async () => {
    const { outbox } = await freshOutbox();
    await expect(outbox.add([{ kind: 'event', event: event('', { customerRef: '' }) }])).rejects.toThrow();
    expect(await outbox.pending()).toBe(0);
  });

  it('survives a restart: a new Outbox over the same table delivers what the old one held', async () => {
    const store = await freshStore();
    const before = new Outbox(store.db.outbox);
    const events = Array.from({ length: 30 }, (_, i) => event(`r${i % 3}`));
    await before.add(events.map((e) => ({ kind: 'event' as const, event: e })));
    const after = new Outbox(store.db.outbox);
    const backend = new FakeBackend();
    await after.drain(backend);
    expect(backend.arrivals).toEqual(events.map((e) => e.id));
  });

  it('joins concurrent drains and picks up items added meanwhile', async () => {
    const { outbox } = await freshOutbox();
    const backend = new FakeBackend();
    await outbox.add([{ kind: 'event', event: event('j') }]);
    const first = outbox.drain(backend);
    await outbox.add([{ kind: 'event', event: event('j') }]);
    const second = outbox.drain(backend);
    await Promise.all([first, second]);
    expect(backend.arrivals).toHaveLength(2);
    expect(await outbox.pending()).toBe(0);
  });
});
