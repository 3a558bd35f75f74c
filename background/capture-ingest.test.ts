import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../extension/api/protocol';
import { conversationIdentities, hostAccountId, messageInputs } from './capture-ingest';

const message = (
  hostId: string,
  timestamp: number | null,
  extra: Partial<CapturedMessage> = {},
): CapturedMessage => ({
  hostId,
  direction: 'in',
  sender: null,
  text: hostId,
  timestamp,
  quoted: null,
  media: null,
  ...extra,
});

describe('captured batch → store inputs', () => {
  it('keeps page order for messages the page shows no time for', () => {
    const inputs = messageInputs(
      [message('a', null), message('b', null), message('c', 5_000), message('d', null)],
      1_000,
    );
    expect(inputs.map((m) => m.timestamp)).toEqual([1_000, 1_001, 5_000, 5_001]);
  });

  it("maps the adapters' media kinds onto the store's", () => {
    const [file, gif, voice] = messageInputs(
      [
        message('f', 1, { media: 'file' }),
        message('g', 2, { media: 'gif' }),
        message('v', 3, { media: 'voice' }),
      ],
      0,
    );
    expect([file?.media, gif?.media, voice?.media]).toEqual(['document', 'video', 'voice']);
  });

  it('uses the thread id as a handle on every channel, never an @lid as a phone', () => {
    const conversation = { title: 'Jane', isGroup: false, identities: [] };
    expect(conversationIdentities('whatsapp', { ...conversation, threadId: '15551234567@c.us' })).toEqual([
      { kind: 'wa_jid', value: '15551234567@c.us' },
    ]);
    expect(conversationIdentities('whatsapp', { ...conversation, threadId: '179950657237125@lid' })).toEqual([
      { kind: 'wa_lid', value: '179950657237125@lid' },
    ]);
    expect(conversationIdentities('whatsapp', { ...conversation, threadId: 'title:Tom Becker' })).toEqual([]);
    expect(
      conversationIdentities('messenger', {
        ...conversation,
        threadId: '100001',
        e2ee: true,
        identities: [{ kind: 'messenger_profile', value: 'jane.doe' }],
      }),
    ).toEqual([
      { kind: 'messenger_profile', value: 'jane.doe' },
      { kind: 'messenger_thread', value: 'e2ee:100001' },
    ]);
    expect(
      conversationIdentities('instagram', {
        ...conversation,
        threadId: '3402',
        identities: [
          { kind: 'ig_username', value: 'jane.doe' },
          { kind: 'ig_username', value: 'jane.doe' },
        ],
      }),
    ).toEqual([
      { kind: 'ig_username', value: 'jane.doe' },
      { kind: 'ig_thread', value: '3402' },
    ]);
  });

  it('keeps an unidentified login together under one account id', () => {
    expect(hostAccountId({ app: 'whatsapp', id: null, name: null })).toBe('unidentified');
    expect(hostAccountId({ app: 'whatsapp', id: ' 5511@c.us ', name: null })).toBe('5511@c.us');
  });
});
