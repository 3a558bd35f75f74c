import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import type { CaptureAck, CapturedBatch } from '../extension/api/protocol';
import { ACK_INTERVAL_MS, serveCaptures } from './capture-port';

type Listener = (message: unknown) => void;

/** A content port as the background sees it: frames go in, acks are recorded. */
function fakePort() {
  const onMessage: Listener[] = [];
  const onDisconnect: (() => void)[] = [];
  const acks: CaptureAck[] = [];
  const port = {
    postMessage: (message: CaptureAck) => acks.push(message),
    onMessage: { addListener: (f: Listener) => onMessage.push(f) },
    onDisconnect: { addListener: (f: () => void) => onDisconnect.push(f) },
  } as unknown as Browser.runtime.Port;
  let seq = 0;
  return {
    port,
    acks,
    send(threadId: string, ...hostIds: string[]) {
      const batch: CapturedBatch = {
        account: { app: 'whatsapp', id: null, name: null },
        conversation: { threadId, title: threadId, isGroup: false, identities: [] },
        messages: hostIds.map((hostId) => ({
          hostId,
          direction: 'in',
          sender: null,
          text: hostId,
          timestamp: null,
          quoted: null,
          media: null,
        })),
      };
      seq += 1;
      for (const f of onMessage) f({ k: 'cap', seq, j: JSON.stringify(batch) });
      return seq;
    },
    disconnect: () => {
      for (const f of onDisconnect) f();
    },
  };
}

/** A store write that finishes when the test says so. */
function gatedWrites() {
  const written: string[][] = [];
  const gates: (() => void)[] = [];
  let failNext = false;
  return {
    written,
    failNext: () => {
      failNext = true;
    },
    open: () => {
      for (const gate of gates.splice(0)) gate();
    },
    persist: (batch: CapturedBatch) =>
      new Promise<void>((resolve, reject) => {
        const fail = failNext;
        failNext = false;
        gates.push(() => {
          if (fail) reject(new Error('quota'));
          else {
            written.push(batch.messages.map((m) => m.hostId));
            resolve();
          }
        });
      }),
  };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('serveCaptures', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('relays on arrival, acknowledges only what is stored, one ack per interval', async () => {
    const { port, acks, send } = fakePort();
    const writes = gatedWrites();
    const received: string[] = [];
    serveCaptures(port, {
      received: (b) => received.push(...b.messages.map((m) => m.hostId)),
      persist: writes.persist,
    });
    send('a', '1');
    expect(received).toEqual(['1']);
    expect(acks).toEqual([]);
    writes.open();
    await settle();
    // The first batch after a quiet spell is acknowledged at once.
    expect(acks).toEqual([{ k: 'ack', upTo: 1, failed: [] }]);

    send('a', '2');
    send('a', '3');
    expect(received).toEqual(['1', '2', '3']);
    writes.open();
    await settle();
    writes.open();
    await settle();
    expect(writes.written).toEqual([['1'], ['2'], ['3']]);
    expect(acks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(ACK_INTERVAL_MS);
    expect(acks).toEqual([
      { k: 'ack', upTo: 1, failed: [] },
      { k: 'ack', upTo: 3, failed: [] },
    ]);
  });

  it('merges what arrived during a write into one write per thread', async () => {
    const { port, send } = fakePort();
    const writes = gatedWrites();
    serveCaptures(port, { received: () => {}, persist: writes.persist });
    send('a', '1');
    send('a', '2');
    send('b', '3');
    send('a', '4');
    writes.open();
    await settle();
    writes.open();
    await settle();
    writes.open();
    await settle();
    expect(writes.written).toEqual([['1'], ['2', '4'], ['3']]);
  });

  it('tells a failed write at once, so the content script sends it again', async () => {
    const { port, acks, send } = fakePort();
    const writes = gatedWrites();
    serveCaptures(port, { received: () => {}, persist: writes.persist });
    send('a', '1');
    writes.open();
    await settle();
    writes.failNext();
    const failed = send('a', '2');
    writes.open();
    await settle();
    expect(acks.at(-1)).toEqual({ k: 'ack', upTo: failed, failed: [failed] });
  });

  it('sends nothing on a closed port', async () => {
    const { port, acks, send, disconnect } = fakePort();
    const writes = gatedWrites();
    serveCaptures(port, { received: () => {}, persist: writes.persist });
    send('a', '1');
    disconnect();
    writes.open();
    await vi.advanceTimersByTimeAsync(ACK_INTERVAL_MS);
    expect(acks).toEqual([]);
  });
});
