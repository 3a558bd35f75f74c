/** The handles a customer can have, per channel. Values are always stored normalized. */
export type Channel = 'whatsapp' | 'messenger' | 'instagram';

export const IDENTITY_KINDS = [
  'wa_jid', // "15551234567@c.us" — the WhatsApp chat address of a phone-numbered user
  'wa_lid', // "179950657237125@lid" — opaque WhatsApp linked id, never a phone
  'wa_id', // Cloud API wa_id ("15551234567"), the number WhatsApp verified
  'phone', // E.164
  'email',
  'messenger_thread', // "<account>/<thread id>", or "<account>/e2ee:<id>": ids differ per account and per e2ee
  'messenger_psid', // page-scoped id from the Messenger Platform
  'messenger_profile', // profile.php id or vanity name from the header link
  'ig_username', // lowercase, no "@"
  'igsid', // Instagram-scoped id from the Messaging API
  'ig_thread', // "<account>/<thread id>"
] as const;

export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * Kinds that identify a person across channels. Sharing one of these with another customer is a
 * strong signal and merges automatically (flagged when the names disagree: a family phone).
 * The other kinds only ever match themselves (the same handle seen again).
 */
export const CROSS_CHANNEL_KINDS: ReadonlySet<IdentityKind> = new Set(['phone', 'email', 'wa_id', 'wa_jid']);

export function isIdentityKind(value: string): value is IdentityKind {
  return (IDENTITY_KINDS as readonly string[]).includes(value);
}
