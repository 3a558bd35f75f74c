import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email';
import { jaroWinkler, NAME_SUGGESTION_THRESHOLD, nameKey, nameSimilarity, namesCompatible } from './names';
import { normalizeIdentity } from './normalize';
import { normalizePhone, regionFromHint } from './phone';
import { extractTypedIdentifiers } from './typed-identifiers';
import { parseWhatsAppJid } from './whatsapp-jid';

describe('phone numbers', () => {
  it('normalizes formatting variants of one Brazilian mobile to the same E.164', () => {
    expect(normalizePhone('+55 11 98765-4321', 'BR')).toBe('+5511987654321');
    expect(normalizePhone('(011) 98765 4321', 'BR')).toBe('+5511987654321');
    expect(normalizePhone('11 98765-4321', 'pt-BR')).toBe('+5511987654321');
    expect(normalizePhone('+55 11 98765-4321', 'US')).toBe('+5511987654321');
  });

  it('reads a 00 international prefix even where the region dials abroad differently', () => {
    expect(normalizePhone('0044 20 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958', 'BR')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958', 'US')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
  });

  it('rejects what is not a dialable number', () => {
    expect(normalizePhone('12345', 'US')).toBeNull();
    expect(normalizePhone('+1 555 123 4567', 'US')).toBeNull(); // 555 is not a real US area code
    expect(normalizePhone('hello', 'US')).toBeNull();
    expect(normalizePhone('98765-4321')).toBeNull(); // no region, no country code: do not guess
  });

  it('accepts international numbers without a region hint', () => {
    expect(normalizePhone('+49 30 901820')).toBe('+4930901820');
    expect(normalizePhone('+81 3-1234-5678')).toBe('+81312345678');
  });

  it('takes region hints from locales and ignores unusable ones', () => {
    expect(regionFromHint('pt-BR')).toBe('BR');
    expect(regionFromHint('es_MX')).toBe('MX');
    expect(regionFromHint('en')).toBeUndefined();
    expect(regionFromHint('xx')).toBeUndefined();
  });
});

describe('emails', () => {
  it('trims and lowercases', () => {
    expect(normalizeEmail('  Ana.Souza@Example.COM ')).toBe('ana.souza@example.com');
    expect(normalizeEmail('mailto:ANA@example.com')).toBe('ana@example.com');
  });

  it('keeps dots and +tags outside Gmail, folds them for Gmail', () => {
    expect(normalizeEmail('ana.souza+shop@example.com')).toBe('ana.souza+shop@example.com');
    expect(normalizeEmail('Ana.Souza+shop@GMAIL.com')).toBe('anasouza@gmail.com');
    expect(normalizeEmail('anasouza@googlemail.com')).toBe('anasouza@gmail.com');
  });

  it('rejects malformed addresses', () => {
    expect(normalizeEmail('ana@')).toBeNull();
    expect(normalizeEmail('ana souza@example.com')).toBeNull();
    expect(normalizeEmail('ana@example')).toBeNull();
  });
});

describe('WhatsApp JIDs', () => {
  it('reads the phone from @c.us but never from @lid', () => {
    expect(parseWhatsAppJid('15551234567@c.us')).toEqual({
      type: 'user',
      jid: '15551234567@c.us',
      phone: '+15551234567',
    });
    expect(parseWhatsAppJid('179950657237125@lid')).toEqual({ type: 'lid', jid: '179950657237125@lid' });
    expect(parseWhatsAppJid('120363025246125486@g.us')?.type).toBe('group');
    expect(parseWhatsAppJid('5511987654321:12@s.whatsapp.net')).toEqual({
      type: 'user',
      jid: '5511987654321@c.us',
      phone: '+5511987654321',
    });
  });

  it('turns a @c.us JID into a JID identity plus a phone identity', () => {
    const result = normalizeIdentity({ kind: 'wa_jid', value: '15551234567@c.us' });
    expect(result).toEqual({
      ok: true,
      identities: [
        { kind: 'wa_jid', value: '15551234567@c.us', sameAs: [{ kind: 'wa_id', value: '15551234567' }] },
        { kind: 'phone', value: '+15551234567', sameAs: [] },
      ],
    });
  });

  it('keeps a @lid as an opaque handle with no phone, even when passed as wa_jid', () => {
    const result = normalizeIdentity({ kind: 'wa_jid', value: '15551234567@lid' });
    expect(result).toEqual({
      ok: true,
      identities: [{ kind: 'wa_lid', value: '15551234567@lid', sameAs: [] }],
    });
  });

  it('refuses group JIDs as customer identities', () => {
    expect(normalizeIdentity({ kind: 'wa_jid', value: '1203630@g.us' })).toMatchObject({
      ok: false,
      reason: 'group',
    });
  });

  it('links a Business API wa_id to the captured JID', () => {
    const result = normalizeIdentity({ kind: 'wa_id', value: '5511987654321' });
    expect(result.ok && result.identities[0]).toEqual({
      kind: 'wa_id',
      value: '5511987654321',
      sameAs: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
    });
    expect(result.ok && result.identities[1]).toEqual({ kind: 'phone', value: '+5511987654321', sameAs: [] });
  });

  it('scopes thread ids by account and needs one', () => {
    expect(normalizeIdentity({ kind: 'messenger_thread', value: '123' })).toMatchObject({ ok: false });
    expect(
      normalizeIdentity({ kind: 'ig_thread', value: '340282' }, { accountId: 'instagram:shop' }),
    ).toMatchObject({
      ok: true,
      identities: [{ kind: 'ig_thread', value: 'instagram:shop/340282' }],
    });
  });

  it('normalizes Instagram usernames', () => {
    expect(normalizeIdentity({ kind: 'ig_username', value: '/Jane.Doe/' })).toMatchObject({
      ok: true,
      identities: [{ kind: 'ig_username', value: 'jane.doe' }],
    });
    expect(normalizeIdentity({ kind: 'ig_username', value: 'not a name' }).ok).toBe(false);
  });
});

describe('names', () => {
  it('folds accents, case, particles and order', () => {
    expect(nameKey('María  da Silva')).toBe('maria silva');
    expect(nameSimilarity('Silva, Maria', 'María Silva')).toBe(1);
    expect(nameSimilarity('Jon Smith', 'John Smith')).toBeGreaterThan(NAME_SUGGESTION_THRESHOLD);
  });

  it('does not treat phone numbers or emails shown as names as names', () => {
    expect(nameKey('+55 11 98765-4321')).toBe('');
    expect(nameSimilarity('+55 11 98765-4321', '+55 11 98765-4321')).toBe(0);
  });

  it('does not match a lone first name with a full name, nor different people', () => {
    expect(nameSimilarity('Maria', 'Maria Silva')).toBe(0);
    expect(nameSimilarity('Maria Silva', 'João Silva')).toBeLessThan(NAME_SUGGESTION_THRESHOLD);
  });

  it('computes the textbook Jaro-Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('decides when a merge should be flagged for differing names', () => {
    expect(namesCompatible('Maria', 'Maria Silva')).toBe(true);
    expect(namesCompatible(null, 'Maria Silva')).toBe(true);
    expect(namesCompatible('Maria Silva', 'María Silva')).toBe(true);
    expect(namesCompatible('Maria Silva', 'João Silva')).toBe(false);
  });
});

describe('identifiers typed in messages', () => {
  it('finds phones, emails and order numbers', () => {
    const found = extractTypedIdentifiers(
      'Oi! Meu pedido #A-10293 não chegou. Meu zap é (11) 98765-4321, email Ana.Souza@Example.com.',
      'BR',
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'order', value: 'A-10293' },
        { kind: 'phone', value: '+5511987654321' },
        { kind: 'email', value: 'ana.souza@example.com' },
      ]),
    );
    expect(found).toHaveLength(3);
  });

  it('reads order numbers written as words in three languages', () => {
    expect(extractTypedIdentifiers('order number 778812 please', 'US')).toEqual([
      { kind: 'order', value: '778812' },
    ]);
    expect(extractTypedIdentifiers('mi orden: AB-7781', 'MX')).toEqual([{ kind: 'order', value: 'AB-7781' }]);
    expect(extractTypedIdentifiers('pedido nº 55123', 'BR')).toEqual([{ kind: 'order', value: '55123' }]);
  });

  it('ignores small numbers and invalid phones', () => {
    expect(extractTypedIdentifiers('I want 2 of #3 and call 12345', 'US')).toEqual([]);
  });
});
