/**
 * Turns what an adapter or the Business API saw into normalized identities. One raw handle may
 * yield several identities (a `@c.us` JID is also a phone number), and may say which other
 * identities count as the same handle (a Cloud API `wa_id` is the user part of a `@c.us` JID).
 */
import { normalizeEmail } from './email';
import type { IdentityKind } from './kinds';
import { normalizePhone, phoneFromInternationalDigits } from './phone';
import { parseWhatsAppJid } from './whatsapp-jid';

export interface RawIdentity {
  kind: IdentityKind;
  value: string;
}

export interface IdentityKey {
  kind: IdentityKind;
  value: string;
}

export interface NormalizedIdentity extends IdentityKey {
  /** Other keys that denote the very same handle; a match on them is as strong as on this one. */
  sameAs: IdentityKey[];
}

export interface NormalizeContext {
  /** Region hint for numbers written without a country code (account or browser locale). */
  region?: string | null;
  /** Thread ids are only unique per host account, so thread identities are scoped by it. */
  accountId?: string;
}

export type NormalizeResult =
  | { ok: true; identities: NormalizedIdentity[] }
  | { ok: false; reason: 'invalid' | 'group' | 'needs-account'; raw: RawIdentity };

export function identityKeyString(key: IdentityKey): string {
  return `${key.kind}:${key.value}`;
}

function one(kind: IdentityKind, value: string, sameAs: IdentityKey[] = []): NormalizedIdentity {
  return { kind, value, sameAs };
}

export function normalizeIdentity(raw: RawIdentity, context: NormalizeContext = {}): NormalizeResult {
  const fail = (reason: 'invalid' | 'group' | 'needs-account'): NormalizeResult => ({
    ok: false,
    reason,
    raw,
  });
  const value = raw.value.trim();
  if (value === '') return fail('invalid');
  switch (raw.kind) {
    case 'wa_jid':
    case 'wa_lid': {
      const parsed = parseWhatsAppJid(value);
      if (!parsed || parsed.type === 'other') return fail('invalid');
      if (parsed.type === 'group') return fail('group');
      if (parsed.type === 'lid') return { ok: true, identities: [one('wa_lid', parsed.jid)] };
      const user = parsed.jid.slice(0, parsed.jid.indexOf('@'));
      const jid = one('wa_jid', parsed.jid, [{ kind: 'wa_id', value: user }]);
      return { ok: true, identities: parsed.phone ? [jid, one('phone', parsed.phone)] : [jid] };
    }
    case 'wa_id': {
      const digits = value.replace(/^\+/, '');
      if (!/^\d{7,15}$/.test(digits)) return fail('invalid');
      const waId = one('wa_id', digits, [{ kind: 'wa_jid', value: `${digits}@c.us` }]);
      const phone = phoneFromInternationalDigits(digits);
      return { ok: true, identities: phone ? [waId, one('phone', phone)] : [waId] };
    }
    case 'phone': {
      const phone = normalizePhone(value, context.region, 'valid');
      return phone ? { ok: true, identities: [one('phone', phone)] } : fail('invalid');
    }
    case 'email': {
      const email = normalizeEmail(value);
      return email ? { ok: true, identities: [one('email', email)] } : fail('invalid');
    }
    case 'ig_username': {
      const name = value.replace(/^@/, '').replace(/\/+$/, '').replace(/^\/+/, '').toLowerCase();
      // Instagram usernames: letters, digits, periods and underscores, at most 30 characters.
      return /^[a-z0-9._]{1,30}$/.test(name)
        ? { ok: true, identities: [one('ig_username', name)] }
        : fail('invalid');
    }
    case 'messenger_thread':
    case 'ig_thread': {
      if (!context.accountId) return fail('needs-account');
      return { ok: true, identities: [one(raw.kind, `${context.accountId}/${value}`)] };
    }
    case 'messenger_psid':
    case 'igsid':
      return /^\d+$/.test(value) ? { ok: true, identities: [one(raw.kind, value)] } : fail('invalid');
    case 'messenger_profile':
      return /^[A-Za-z0-9.]+$/.test(value)
        ? { ok: true, identities: [one('messenger_profile', value.toLowerCase())] }
        : fail('invalid');
  }
}
