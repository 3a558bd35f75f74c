import { describe, expect, it } from 'vitest';
import type { CapturedBatch, CapturedMessage } from '../extension/api/protocol';
import { CaptureCache } from './capture-cache';

const account = { app: 'whatsapp' as const, id: 'me', name: null };
const conversation = { threadId: 't1', title: 'Ana', isGroup: false, identities: [] };

const batchOf = (messages: CapturedMessage[]): CapturedBatch =>
  ({ account, conversation, messages }) as unknown as CapturedBatch;

const message = (hostId: string, timestamp: number | null, text = hostId): CapturedMessage => ({
  hostId,
  direction: 'in',
  sender: null,
  text,
  timestamp,
  quoted: null,
  media: null,
});

/** The order list() promises, computed the obvious way: every message sorted at once. */
function sortedOnce(captured: CapturedMessage[][]): CapturedMessage[] {
  const byId = new Map<string, CapturedMessage>();
  for (const batch of captured) {
    for (const m of batch) {
      const known = byId.get(m.hostId);
      if (known && (known.text || known.media || !m.text)) continue;
      byId.set(m.hostId, m);
    }
  }
  const all = [...byId.values()];
  const order = new Map(all.map((m, i) => [m, i]));
  return all.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || order.get(a)! - order.get(b)!);
}

describe('CaptureCache', () => {
  it('lists by time, then by first capture, as messages and late texts arrive in any order', () => {
    let seed = 3;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cache = new CaptureCache();
    const captured: CapturedMessage[][] = [];
    for (let b = 0; b < 200; b++) {
      const batch: CapturedMessage[] = [];
      for (let i = Math.floor(random() * 3); i >= 0; i--) {
        const id = `m${Math.floor(random() * 150)}`;
        // Mostly in order, some without a time, some placeholders that get their text later.
        const timestamp = random() < 0.2 ? null : random() < 0.8 ? b * 10 : Math.floor(random() * b * 10);
        batch.push(message(id, timestamp, random() < 0.2 ? '' : id));
      }
      captured.push(batch);
      cache.add(batchOf(batch));
      expect(cache.list(batchOf([]))).toEqual(sortedOnce(captured));
    }
  });

  it('tells which messages are new, and keeps the first of two texts', () => {
    const cache = new CaptureCache();
    expect(cache.add(batchOf([message('a', 1, ''), message('b', 2)]))).toHaveLength(2);
    expect(
      cache.add(batchOf([message('a', 1, 'late text'), message('b', 2, 'other'), message('c', 3)])),
    ).toEqual([message('c', 3)]);
    expect(cache.list(batchOf([])).map((m) => m.text)).toEqual(['late text', 'b', 'c']);
  });
});
