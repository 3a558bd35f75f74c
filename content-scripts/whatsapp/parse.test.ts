import { describe, expect, it } from 'vitest';
import { identitiesForJid, parseDataId, parsePrePlainText } from './parse';

describe('parseDataId', () => {
  it('1:1 incoming and outgoing', () => {
    expect(parseDataId('false_15551234567@c.us_3A12F0908922EFDD735D')).toEqual({
      fromMe: false,
      chatJid: '15551234567@c.us',
      msgId: '3A12F0908922EFDD735D',
      participant: null,
    });
    expect(parseDataId('true_15551234567@c.us_AC4140A2A99DD53053CE509326DB5878')?.fromMe).toBe(true);
  });
  it('group message with a phone or an @lid participant', () => {
    expect(parseDataId('false_120363041234567890@g.us_3EB0C491AF96817AFEEE3D_15559876543@c.us')).toEqual({
      fromMe: false,
      chatJid: '120363041234567890@g.us',
      msgId: '3EB0C491AF96817AFEEE3D',
      participant: '15559876543@c.us',
    });
    expect(parseDataId('false_120363041234567890@g.us_3EB0C4_35210880090140@lid')?.participant).toBe(
      '35210880090140@lid',
    );
  });
  it('a 1:1 chat addressed by LID', () => {
    expect(parseDataId('false_179950657237125@lid_ACCF0011')?.chatJid).toBe('179950657237125@lid');
  });
  it('rejects anything else', () => {
    expect(parseDataId('')).toBeNull();
    expect(parseDataId(null)).toBeNull();
    expect(parseDataId('maybe_15551234567@c.us_X')).toBeNull();
    expect(parseDataId('false_nobody_X')).toBeNull();
  });
});

describe('identitiesForJid', () => {
  it('a @c.us JID gives the phone number', () => {
    expect(identitiesForJid('15551234567@c.us')).toEqual([
      { kind: 'wa_jid', value: '15551234567@c.us' },
      { kind: 'phone', value: '+15551234567' },
    ]);
  });
  it('an @lid JID is never read as a phone', () => {
    expect(identitiesForJid('179950657237125@lid')).toEqual([
      { kind: 'wa_jid', value: '179950657237125@lid' },
    ]);
  });
  it('a group JID is not a phone', () => {
    expect(identitiesForJid('120363041234567890@g.us')).toEqual([
      { kind: 'wa_jid', value: '120363041234567890@g.us' },
    ]);
  });
});

describe('parsePrePlainText', () => {
  it('24-hour clock, dotted day-first date (de)', () => {
    expect(parsePrePlainText('[21:31, 17.11.2025] Jane Doe: ', 'de')).toEqual({
      timestamp: new Date(2025, 10, 17, 21, 31).getTime(),
      sender: 'Jane Doe',
    });
  });
  it('12-hour clock, month-first date (en)', () => {
    expect(parsePrePlainText('[10:54 PM, 12/9/2025] Jane Doe: ', 'en')).toEqual({
      timestamp: new Date(2025, 11, 9, 22, 54).getTime(),
      sender: 'Jane Doe',
    });
  });
  it('24-hour clock, slashed day-first date (pt-BR)', () => {
    expect(parsePrePlainText('[22:54, 09/12/2025] Acme Support: ', 'pt-BR')?.timestamp).toBe(
      new Date(2025, 11, 9, 22, 54).getTime(),
    );
  });
  it('a sender that contains a colon or is a phone number', () => {
    expect(parsePrePlainText('[9:05 AM, 1/2/2026] +55 11 98765-4321: ', 'en')?.sender).toBe(
      '+55 11 98765-4321',
    );
    expect(parsePrePlainText('[09:05, 02/01/2026] Re: orders: ', 'es')?.sender).toBe('Re: orders');
  });
  it('unparseable stamps keep the sender and give no timestamp', () => {
    expect(parsePrePlainText('[yesterday] Bob: ', 'en')).toEqual({ timestamp: null, sender: 'Bob' });
    expect(parsePrePlainText('no brackets', 'en')).toBeNull();
  });
});
