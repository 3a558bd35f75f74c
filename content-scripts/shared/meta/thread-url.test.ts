import { describe, expect, it } from 'vitest';
import { contentFingerprint } from './fingerprint';
import { instagramThread, messengerThread, profileFromHref } from './thread-url';

describe('messengerThread', () => {
  it.each([
    ['/messages/t/6543210987654321/', { id: '6543210987654321', e2ee: false }],
    ['/messages/e2ee/t/9895223143834311/', { id: '9895223143834311', e2ee: true }],
    ['/t/100023456789012', { id: '100023456789012', e2ee: false }],
    ['/e2ee/t/9895223143834311/', { id: '9895223143834311', e2ee: true }],
  ])('%s', (path, expected) => {
    expect(messengerThread(path)).toEqual(expected);
  });
  it('no thread on the inbox, settings or other pages', () => {
    expect(messengerThread('/messages/')).toBeNull();
    expect(messengerThread('/messages/t/')).toBeNull();
    expect(messengerThread('/marketplace/t/123/')).toBeNull();
    expect(messengerThread('/t/abc/')).toBeNull();
  });
});

describe('instagramThread', () => {
  it('classic and e2ee thread paths', () => {
    expect(instagramThread('/direct/t/340282366841710300949128123456789/')).toEqual({
      id: '340282366841710300949128123456789',
      e2ee: false,
    });
    expect(instagramThread('/direct/e2ee/t/1234/')).toEqual({ id: '1234', e2ee: true });
    expect(instagramThread('/direct/inbox/')).toBeNull();
  });
});

describe('profileFromHref', () => {
  it('vanity names and profile.php ids', () => {
    expect(profileFromHref('/jane.doe.5821')).toBe('jane.doe.5821');
    expect(profileFromHref('/jane.doe/')).toBe('jane.doe');
    expect(profileFromHref('https://www.facebook.com/profile.php?id=100023456789012')).toBe(
      'profile.php?id=100023456789012',
    );
  });
  it('thread and app paths are not profiles', () => {
    expect(profileFromHref('/messages/t/123/')).toBeNull();
    expect(profileFromHref('/direct/inbox/')).toBeNull();
    expect(profileFromHref('/')).toBeNull();
    expect(profileFromHref(null)).toBeNull();
  });
});

describe('contentFingerprint', () => {
  it('is stable and content-sensitive', () => {
    const a = contentFingerprint(['in', 'Jane', 'Hello']);
    expect(a).toBe(contentFingerprint(['in', 'Jane', 'Hello']));
    expect(a).not.toBe(contentFingerprint(['out', 'Jane', 'Hello']));
    expect(a).toMatch(/^fp:[0-9a-f]{16}$/);
  });
});

describe('quotedAuthorFromHeading', async () => {
  const { quotedAuthorFromHeading } = await import('./reply-heading');
  it.each([
    ['You replied to Jane Doe', 'en', 'Jane Doe'],
    ['Jane Doe replied to you', 'en', null],
    ['Bob Stone replied to Carla Mendes', 'en', 'Carla Mendes'],
    ['Você respondeu a Jane Doe', 'pt-BR', 'Jane Doe'],
    ['Jane Doe respondeu a você', 'pt-BR', null],
    ['Respondiste a Jane Doe', 'es', 'Jane Doe'],
    ['Bob Stone respondió a Carla Mendes', 'es', 'Carla Mendes'],
    ['Jane Doe', 'en', null],
  ])('%s (%s)', (heading, lang, expected) => {
    expect(quotedAuthorFromHeading(heading, lang)).toBe(expected);
  });
});
