import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '../../../../background/customer-types';
import { firstPageWithPushes, mergeMessages, withinLoaded } from './merge-messages';
import { RowLayout } from './row-heights';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

describe('RowLayout (windowed timeline math)', () => {
  it('lays out estimated and measured rows', () => {
    const layout = new RowLayout(ids(4), new Map([['m1', 100]]), 50);
    expect([0, 1, 2, 3, 4].map((i) => layout.top(i))).toEqual([0, 50, 150, 200, 250]);
    expect(layout.total).toBe(250);
    expect(layout.height(1)).toBe(100);
  });

  it('finds the row at a position, clamped to the list', () => {
    const layout = new RowLayout(ids(4), new Map([['m1', 100]]), 50);
    expect(layout.indexAt(0)).toBe(0);
    expect(layout.indexAt(49.9)).toBe(0);
    expect(layout.indexAt(50)).toBe(1);
    expect(layout.indexAt(149)).toBe(1);
    expect(layout.indexAt(10_000)).toBe(3);
    expect(layout.indexAt(-5)).toBe(0);
  });

  it('renders only the rows in view plus overscan, even for 10,000 rows', () => {
    const layout = new RowLayout(ids(10_000), new Map(), 40);
    expect(layout.window(0, 400, 5)).toEqual({ start: 0, end: 15 });
    expect(layout.window(200_000, 400, 5)).toEqual({ start: 4995, end: 5015 });
    const end = layout.window(layout.total - 400, 400, 5);
    expect(end).toEqual({ start: 9985, end: 10_000 });
    expect(new RowLayout([], new Map(), 40).window(0, 400, 5)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to reveal a row', () => {
    const layout = new RowLayout(ids(100), new Map(), 40);
    expect(layout.scrollToReveal(10, 0, 200)).toBe(240); // row 10 spans 400..440
    expect(layout.scrollToReveal(2, 200, 200)).toBe(80);
    expect(layout.scrollToReveal(6, 200, 200)).toBe(200); // already visible
  });
});

const message = (id: string, timestamp: number, text = id): TimelineMessage => ({
  id,
  accountId: 'a',
  channel: 'whatsapp',
  threadId: 't',
  hostMessageId: id,
  direction: 'in',
  sender: null,
  text,
  timestamp,
  quoted: null,
  media: null,
  capturedAt: 0,
  threadTitle: null,
  threadChannel: 'whatsapp',
});

describe('mergeMessages', () => {
  it('appends newer messages and replaces known ones in place', () => {
    const current = [message('a', 1), message('b', 2, '')];
    const next = mergeMessages(current, [message('b', 2, 'loaded text'), message('c', 3)]);
    expect(next.map((m) => [m.id, m.text])).toEqual([
      ['a', 'a'],
      ['b', 'loaded text'],
      ['c', 'c'],
    ]);
  });

  it('sorts a message from another channel into its place in time', () => {
    const next = mergeMessages([message('a', 1), message('c', 3)], [message('b', 2)]);
    expect(next.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('returns the same array when nothing arrives', () => {
    const current = [message('a', 1)];
    expect(mergeMessages(current, [])).toBe(current);
  });
});

describe('the newest page and live pushes', () => {
  it('keeps what was pushed while the newest page was read (it is not in the page)', () => {
    const page = { messages: [message('p1', 10), message('p2', 20)], next: { timestamp: 10, id: 'p1' } };
    const shown = firstPageWithPushes(page, [message('live', 30)]);
    expect(shown.map((m) => m.id)).toEqual(['p1', 'p2', 'live']);
  });

  it('leaves out pushes older than the page while older history is still in the store', () => {
    const page = { messages: [message('p1', 10), message('p2', 20)], next: { timestamp: 10, id: 'p1' } };
    // An old message re-captured from the host page arrives with its own page, in its place.
    const shown = firstPageWithPushes(page, [message('old', 5), message('p2', 20, 'text loaded')]);
    expect(shown.map((m) => [m.id, m.text])).toEqual([
      ['p1', 'p1'],
      ['p2', 'text loaded'],
    ]);
  });

  it('keeps older pushes when the page reached the start of the history', () => {
    const page = { messages: [message('p1', 10)], next: null };
    expect(firstPageWithPushes(page, [message('old', 5)]).map((m) => m.id)).toEqual(['old', 'p1']);
  });

  it('orders ties on the cursor by id, as the store does', () => {
    const cursor = { timestamp: 10, id: 'b' };
    expect(withinLoaded([message('a', 10), message('c', 10)], cursor).map((m) => m.id)).toEqual(['c']);
  });
});
