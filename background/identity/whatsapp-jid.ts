/**
 * WhatsApp addresses chats by JID. Only `…@c.us` (and the older `…@s.whatsapp.net`) carry the
 * phone number in their user part. `…@lid` ids are opaque "linked ids" whose digits look like a
 * phone number but are not one, and `…@g.us` is a group, which is never a customer.
 */
import { phoneFromInternationalDigits } from './phone';

export type ParsedJid =
  | { type: 'user'; jid: string; phone: string | null }
  | { type: 'lid'; jid: string }
  | { type: 'group'; jid: string }
  | { type: 'other'; jid: string };

const JID_SHAPE = /^([^@\s]+)@([a-z.]+)$/;

export function parseWhatsAppJid(raw: string): ParsedJid | null {
  const match = JID_SHAPE.exec(raw.trim().toLowerCase());
  if (!match) return null;
  // Multi-device JIDs carry ":device" after the user part; the person is the same.
  const user = match[1]!.split(':')[0]!;
  const server = match[2]!;
  if (server === 'c.us' || server === 's.whatsapp.net') {
    const jid = `${user}@c.us`;
    return { type: 'user', jid, phone: phoneFromInternationalDigits(user) };
  }
  if (server === 'lid') return { type: 'lid', jid: `${user}@lid` };
  if (server === 'g.us') return { type: 'group', jid: `${user}@g.us` };
  return { type: 'other', jid: `${user}@${server}` };
}

export function isGroupJid(raw: string): boolean {
  return parseWhatsAppJid(raw)?.type === 'group';
}
