import type { ContactIdentity } from '../../extension/api/protocol';
import { parseClockTime, parseNumericDate, toEpoch } from '../shared/datetime';

/**
 * `data-id` on a WhatsApp message wrapper: `{fromMe}_{chatJid}_{msgId}[_{participantJid}]`
 * (tomer8007 core/ui.js, still so in 2026). The participant suffix appears in groups and may be
 * an `@lid` since 2025.
 */
export interface WhatsAppDataId {
  fromMe: boolean;
  chatJid: string;
  msgId: string;
  participant: string | null;
}

const JID = '[^_@\\s]+@(?:c\\.us|g\\.us|lid|s\\.whatsapp\\.net|broadcast|newsletter)';
const DATA_ID_RE = new RegExp(`^(true|false)_(${JID})_([^_\\s]+)(?:_(${JID}))?$`);

export function parseDataId(value: string | null | undefined): WhatsAppDataId | null {
  if (!value) return null;
  const m = DATA_ID_RE.exec(value.trim());
  if (!m?.[2] || !m[3]) return null;
  return { fromMe: m[1] === 'true', chatJid: m[2], msgId: m[3], participant: m[4] ?? null };
}

export type JidKind = 'user' | 'group' | 'lid' | 'other';

export function jidKind(jid: string): JidKind {
  if (jid.endsWith('@c.us') || jid.endsWith('@s.whatsapp.net')) return 'user';
  if (jid.endsWith('@g.us')) return 'group';
  if (jid.endsWith('@lid')) return 'lid';
  return 'other';
}

/**
 * What a chat JID tells about the contact. Only a `@c.us` (or `@s.whatsapp.net`) user part is a
 * phone number; the digits of an `@lid` are an opaque linked-device id and are NEVER a phone
 * (whatsapp-web.js #3969, WAHA #1073, fazer-ai/chatwoot #420).
 */
export function identitiesForJid(jid: string): ContactIdentity[] {
  const identities: ContactIdentity[] = [{ kind: 'wa_jid', value: jid }];
  if (jidKind(jid) === 'user') {
    const digits = jid.split('@')[0]?.split(':')[0] ?? '';
    if (/^\d{6,15}$/.test(digits)) identities.push({ kind: 'phone', value: `+${digits}` });
  }
  return identities;
}

/**
 * `data-pre-plain-text="[10:54 PM, 12/9/2025] Jane Doe: "` — time first, then a numeric date in
 * the page's locale, then the author. Both `[21:31, 17.11.2025]` and `[10:54 PM, 12/9/2025]` occur.
 */
export function parsePrePlainText(
  value: string | null | undefined,
  lang: string,
): { timestamp: number | null; sender: string | null } | null {
  if (!value) return null;
  const m = /^\s*\[([^\]]+)\]\s*(.*?)\s*:?\s*$/su.exec(value);
  if (!m) return null;
  const stamp = m[1] ?? '';
  const sender = (m[2] ?? '').replace(/:\s*$/, '').trim() || null;
  // The date is the part after the comma; the time is before it (some locales swap: try both).
  const [left = '', right = ''] = stamp.split(/,\s*/, 2);
  const time = parseClockTime(left) ?? parseClockTime(right);
  const date = parseNumericDate(right, lang) ?? parseNumericDate(left, lang);
  return { timestamp: time && date ? toEpoch(date, time) : null, sender };
}
