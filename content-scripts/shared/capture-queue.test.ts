import { describe, expect, it } from 'vitest';
import type {
  CapturedBatch,
  CapturedMessage,
  CaptureFrame,
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

/** A queue whose frames are recorded; `hostIds(seq)` reads one back. */
function recording() {
  const frames: CaptureFrame[] = [];
  let fail = false;
  const queue = new CaptureQueue((frame) => {
    if (fail) throw new Error('port closed');
    frames.push(frame);
  });
  const batches = () => frames.map((f) => JSON.parse(f.j) as CapturedBatch);
  return {
    queue,
    frames,
    sent: () => batches().map((b) => b.messages.map((m) => m.hostId)),
    failSends(value: boolean) {
      fail = value;
    },
  };
}

describe('CaptureQueue', () => {
  it('sends each host id once per thread, in offer order', () => {
    const { queue, sent } = recording();
    expect(queue.offer(account, chat('a'), [msg('1'), msg('2')])).toBe(2);
    expect(queue.offer(account, chat('a'), [msg('2'), msg('3')])).toBe(1);
    expect(queue.flush()).toBe(true);
    expect(sent()).toEqual([['1', '2', '3']]);
    expect(queue.offer(account, chat('a'), [msg('1'), msg('3')])).toBe(0);
    // The same id in another thread is another message.
    expect(queue.offer(account, chat('b'), [msg('1')])).toBe(1);
  });

  it('re-sends a message first seen without text once its text is rendered', () => {
    const { queue } = recording();
    expect(queue.offer(account, chat('a'), [msg('1', '')])).toBe(1);
    expect(queue.offer(account, chat('a'), [msg('1', 'now with text')])).toBe(1);
    expect(queue.offer(account, chat('a'), [msg('1', '')])).toBe(0);
  });

  it('keeps a batch the port did not take and sends it with the next flush', () => {
    const { queue, sent, failSends } = recording();
    failSends(true);
    queue.offer(account, chat('a'), [msg('1')]);
    expect(queue.flush()).toBe(false);
    expect(queue.hasPending).toBe(true);
    failSends(false);
    queue.offer(account, chat('a'), [msg('2')]);
    expect(queue.flush()).toBe(true);
    expect(sent()).toEqual([['1', '2']]);
  });

  it('forgets acknowledged batches and queues a failed one again, oldest first', () => {
    const { queue, frames, sent } = recording();
    queue.offer(account, chat('a'), [msg('1')]);
    queue.flush();
    queue.offer(account, chat('a'), [msg('2')]);
    queue.flush();
    queue.offer(account, chat('a'), [msg('3')]);
    queue.flush();
    expect(queue.inFlight).toBe(3);
    queue.offer(account, chat('a'), [msg('4')]);
    const [first, second] = frames;
    expect(queue.acknowledge({ k: 'ack', upTo: second!.seq, failed: [first!.seq] })).toBe(false);
    expect(queue.inFlight).toBe(1);
    queue.flush();
    expect(sent().at(-1)).toEqual(['1', '4']);
  });

  it('queues everything unacknowledged again when the port died', () => {
    const { queue, frames, sent } = recording();
    queue.offer(account, chat('a'), [msg('1')]);
    queue.offer(account, chat('b'), [msg('2')]);
    queue.flush();
    queue.offer(account, chat('a'), [msg('3')]);
    queue.flush();
    expect(queue.acknowledge({ k: 'ack', upTo: frames[0]!.seq, failed: [] })).toBe(true);
    queue.requeueUnacknowledged();
    queue.offer(account, chat('a'), [msg('4')]);
    expect(queue.inFlight).toBe(0);
    queue.flush();
    expect(sent().slice(3)).toEqual([['2'], ['3', '4']]);
  });

  it('after reset (background restarted) everything on screen is sent again', () => {
    const { queue } = recording();
    queue.offer(account, chat('a'), [msg('1')]);
    queue.reset();
    expect(queue.offer(account, chat('a'), [msg('1')])).toBe(1);
  });
});
