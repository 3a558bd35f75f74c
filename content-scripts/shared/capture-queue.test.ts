import { describe, expect, it } from 'vitest';
import type {
  CapturedBatch,
  CapturedMessage,
  HostAccount,
  OpenConversation,
} from '../../extension/api/protocol';
import { CaptureQueue } from './capture-queue';

const account: HostAccount = { app: 'whatsapp', id: null, name: null };
const chat = (threadId: string): OpenConversation => ({
  threadId,
  title: threadId,
  isGroup: false,
  identities: [],
});
const msg = (hostId: string, text = `text ${hostId}`): CapturedMessage => ({
  hostId,
  direction: 'in',
  sender: null,
  text,
  timestamp: null,
  quoted: null,
  media: null,
});

describe('CaptureQueue', () => {
  it('sends each host id once per thread, in offer order', async () => {
    const sent: CapturedBatch[] = [];
    const queue = new CaptureQueue(async (b) => sent.push(structuredClone(b)));
    expect(queue.offer(account, chat('a'), [msg('1'), msg('2')])).toBe(2);
    expect(queue.offer(account, chat('a'), [msg('2'), msg('3')])).toBe(1);
    await queue.flush();
    expect(sent.map((b) => b.messages.map((m) => m.hostId))).toEqual([['1', '2', '3']]);
    expect(queue.offer(account, chat('a'), [msg('1'), msg('3')])).toBe(0);
    // The same id in another thread is another message.
    expect(queue.offer(account, chat('b'), [msg('1')])).toBe(1);
  });

  it('re-sends a message first seen without text once its text is rendered', () => {
    const queue = new CaptureQueue(async () => {});
    expect(queue.offer(account, chat('a'), [msg('1', '')])).toBe(1);
    expect(queue.offer(account, chat('a'), [msg('1', 'now with text')])).toBe(1);
    expect(queue.offer(account, chat('a'), [msg('1', '')])).toBe(0);
  });

  it('keeps a batch whose send failed and sends it with the next flush', async () => {
    let fail = true;
    const sent: string[] = [];
    const queue = new CaptureQueue(async (b) => {
      if (fail) throw new Error('worker restarted');
      sent.push(...b.messages.map((m) => m.hostId));
    });
    queue.offer(account, chat('a'), [msg('1')]);
    expect(await queue.flush()).toBe(false);
    expect(queue.hasPending).toBe(true);
    fail = false;
    queue.offer(account, chat('a'), [msg('2')]);
    expect(await queue.flush()).toBe(true);
    expect(sent).toEqual(['1', '2']);
  });

  it('after reset (background restarted) everything on screen is sent again', () => {
    const queue = new CaptureQueue(async () => {});
    queue.offer(account, chat('a'), [msg('1')]);
    queue.reset();
    expect(queue.offer(account, chat('a'), [msg('1')])).toBe(1);
  });
});
