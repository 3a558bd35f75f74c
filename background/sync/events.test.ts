import { describe, expect, it } from 'vitest';
import { capturedEventSchema } from '../../backend/protocol/v1';
import type { CapturedBatch } from '../../extension/api/protocol';
import { normalizeBackendUrl, validateTeamSettings, webSocketUrl } from '../../extension/settings/team';
import { customerRefOf, eventsOf } from './events';

const batch = (over: Partial<CapturedBatch['conversation']> = {}): CapturedBatch => ({
  account: { app: 'whatsapp', id: '15550001111@c.us', name: 'Shop' },
  conversation: { threadId: '15551234567@c.us', title: 'Jane Doe', isGroup: false, identities: [], ...over },
  messages: [
    {
      hostId: 'A1',
      direction: 'in',
      sender: 'Jane',
      text: 'Hi <b>there</b>',
      timestamp: 1_700_000_000_000,
      quoted: null,
      media: null,
    },
    { hostId: 'A2', direction: 'out', sender: null, text: '', timestamp: null, quoted: null, media: 'image' },
  ],
});

describe('captured messages as backend events', () => {
  it('keys each message by app, chat and host id, and keeps text as text', () => {
    const events = eventsOf(batch(), 42);
    expect(events).toEqual([
      {
        id: 'whatsapp:+15551234567:A1',
        kind: 'message.in',
        channel: 'whatsapp',
        customerRef: '+15551234567',
        occurredAt: 1_700_000_000_000,
        text: 'Hi <b>there</b>',
      },
      {
        id: 'whatsapp:+15551234567:A2',
        kind: 'message.out',
        channel: 'whatsapp',
        customerRef: '+15551234567',
        // No time on the page: just after the previous message, so the page's order is kept.
        occurredAt: 1_700_000_000_001,
      },
    ]);
    for (const e of events) expect(capturedEventSchema.safeParse(e).success).toBe(true);
  });

  it('sends nothing for group chats and tells e2ee threads apart', () => {
    expect(eventsOf(batch({ isGroup: true }))).toEqual([]);
    expect(customerRefOf('messenger', { threadId: '123', e2ee: true })).toBe('e2ee:123');
    expect(customerRefOf('whatsapp', { threadId: '15551234567@c.us' })).toBe('+15551234567');
    expect(customerRefOf('whatsapp', { threadId: '179950657237125@lid' })).toBe('179950657237125@lid');
    expect(customerRefOf('instagram', { threadId: '123' })).toBe('123');
  });
});

describe('team settings', () => {
  it('accepts http(s) backend addresses only and derives the socket URL', () => {
    expect(normalizeBackendUrl(' https://team.example.com/ ')).toBe('https://team.example.com');
    expect(normalizeBackendUrl('http://127.0.0.1:8080/sb/')).toBe('http://127.0.0.1:8080/sb');
    expect(normalizeBackendUrl('ftp://x')).toBeNull();
    expect(normalizeBackendUrl('https://user:pw@x.example')).toBeNull();
    expect(normalizeBackendUrl('not a url')).toBeNull();
    expect(webSocketUrl('https://team.example.com')).toBe('wss://team.example.com/api/v1/ws');
    expect(webSocketUrl('http://127.0.0.1:8080/sb')).toBe('ws://127.0.0.1:8080/sb/api/v1/ws');
  });

  it('names what is missing before enrolling', () => {
    expect(validateTeamSettings({ backendUrl: 'https://x.example', enrollmentCode: 'abcdefgh' })).toEqual([]);
    expect(validateTeamSettings({ backendUrl: '', enrollmentCode: 'short' })).toEqual([
      'backendUrl',
      'enrollmentCode',
    ]);
  });
});
