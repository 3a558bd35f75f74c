import { describe, expect, it } from 'vitest';
import type { CapturedBatch, CapturedMessage } from '../../extension/api/protocol';
import {
  createTemplateInsertions,
  type InsertionArea,
  type PendingInsertion,
  SEND_WINDOW_MS,
  type ThreadRef,
} from './template-insertions';

const message = (
  hostId: string,
  text: string,
  direction: 'in' | 'out',
  timestamp: number | null = null,
): CapturedMessage => ({ hostId, direction, sender: null, text, timestamp, quoted: null, media: null });

const thread = (threadId: string, accountId = 'me@s.whatsapp.net'): ThreadRef => ({
  account: { app: 'whatsapp', id: accountId, name: 'Shop' },
  conversation: { threadId, title: 'Jane', isGroup: false, identities: [] },
});

const batch = (ref: ThreadRef, messages: CapturedMessage[]): CapturedBatch =>
  ({ ...ref, messages }) as CapturedBatch;

/** A session area that can be handed to a second tracker, as a restarted worker would read it. */
function memoryArea(): InsertionArea & { stored: PendingInsertion[] } {
  const area = {
    stored: [] as PendingInsertion[],
    async read() {
      return structuredClone(area.stored);
    },
    async write(pending: readonly PendingInsertion[]) {
      area.stored = structuredClone([...pending]);
    },
  };
  return area;
}

function setup(area = memoryArea()) {
  let clock = Date.parse('2026-11-27T10:00:00Z');
  const sent: Array<{ templateId: string; edited: boolean }> = [];
  const make = () =>
    createTemplateInsertions({
      area,
      recordSent: async (templateId, edited) => {
        sent.push({ templateId, edited });
      },
      now: () => clock,
    });
  return {
    area,
    sent,
    tracker: make(),
    restart: make,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

const REPLY = 'Hi Jane, your refund is on its way.';
const jane = thread('jane@s.whatsapp.net');

describe('template insertions: sent and edited from the next outgoing message', () => {
  it('counts the next outgoing message of the thread as sent, unchanged', async () => {
    const { tracker, sent } = setup();
    const history = [message('o1', 'Earlier reply', 'out'), message('i1', 'Where is my refund?', 'in')];
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: history });

    // A re-capture of what was already there is not the reply; a customer message neither.
    expect(await tracker.captured(batch(jane, history))).toBeNull();
    expect(await tracker.captured(batch(jane, [message('i2', 'Hello?', 'in')]))).toBeNull();

    const outcome = await tracker.captured(batch(jane, [...history, message('o2', `${REPLY}\n`, 'out')]));
    expect(outcome).toEqual({
      templateId: 'starter.refund',
      hostId: 'o2',
      comparison: 'unchanged',
      edited: false,
    });
    expect(sent).toEqual([{ templateId: 'starter.refund', edited: false }]);
    // Matched once: the next message is the agent's own, not the template again.
    expect(await tracker.captured(batch(jane, [message('o3', 'And thanks!', 'out')]))).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('counts an edited send as edited, and the template inside a draft as not edited', async () => {
    const { tracker, sent } = setup();
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: [] });
    await tracker.captured(batch(jane, [message('o1', 'Hi Jane, your refund was sent today.', 'out')]));
    await tracker.inserted(jane, { templateId: 'starter.thanks', text: 'Thank you!', knownMessages: [] });
    await tracker.captured(batch(jane, [message('o2', 'Great. Thank you!', 'out')]));
    expect(sent).toEqual([
      { templateId: 'starter.refund', edited: true },
      { templateId: 'starter.thanks', edited: false },
    ]);
  });

  it('keeps threads and accounts apart', async () => {
    const { tracker, sent } = setup();
    const bob = thread('bob@s.whatsapp.net');
    const janeOnOtherNumber = thread('jane@s.whatsapp.net', 'other@s.whatsapp.net');
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: [] });
    expect(await tracker.captured(batch(bob, [message('b1', REPLY, 'out')]))).toBeNull();
    expect(await tracker.captured(batch(janeOnOtherNumber, [message('x1', REPLY, 'out')]))).toBeNull();
    expect(sent).toEqual([]);
    expect((await tracker.captured(batch(jane, [message('o1', REPLY, 'out')])))?.edited).toBe(false);
  });

  it('leaves the template chosen but not sent when nothing goes out within the window', async () => {
    const { tracker, sent, advance } = setup();
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: [] });
    advance(SEND_WINDOW_MS + 1);
    expect(await tracker.captured(batch(jane, [message('o1', REPLY, 'out')]))).toBeNull();
    expect(sent).toEqual([]);
    expect(await tracker.pending()).toEqual([]);
  });

  it('a second insertion before sending replaces the first (which stays not sent)', async () => {
    const { tracker, sent } = setup();
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: [] });
    await tracker.inserted(jane, { templateId: 'starter.thanks', text: 'Thank you!', knownMessages: [] });
    await tracker.captured(batch(jane, [message('o1', 'Thank you!', 'out')]));
    expect(sent).toEqual([{ templateId: 'starter.thanks', edited: false }]);
  });

  it('does not take older history scrolled into view for the reply', async () => {
    const { tracker, sent } = setup();
    // Host times (to the minute, by the page's clock), not the browser's.
    const lastMinute = Date.parse('2025-12-09T22:55:00Z');
    const customer = message('i1', 'Where is my refund?', 'in', lastMinute);
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: [customer] });
    const older = message('old', 'An old reply', 'out', lastMinute - 86_400_000);
    expect(await tracker.captured(batch(jane, [older]))).toBeNull();
    // Sent within the same minute as the customer's message: still the reply.
    const outcome = await tracker.captured(batch(jane, [message('o1', REPLY, 'out', lastMinute)]));
    expect(outcome?.hostId).toBe('o1');
    expect(sent).toHaveLength(1);
  });

  it('survives a worker restart between insertion and send', async () => {
    const { tracker, restart, sent, area } = setup();
    await tracker.inserted(jane, { templateId: 'starter.refund', text: REPLY, knownMessages: [] });
    expect(area.stored).toHaveLength(1);
    const afterRestart = restart();
    expect((await afterRestart.captured(batch(jane, [message('o1', REPLY, 'out')])))?.edited).toBe(false);
    expect(sent).toEqual([{ templateId: 'starter.refund', edited: false }]);
    expect(area.stored).toEqual([]);
  });
});
