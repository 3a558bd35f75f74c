/**
 * Emails are matched on a conservative normal form: trimmed and lowercased (domains are
 * case-insensitive, and in practice every provider treats the local part that way too).
 *
 * We deliberately do NOT strip dots or "+tags" for other domains: for most providers
 * "ana.silva@" and "anasilva@" are different mailboxes, and a wrong email identity merges two
 * strangers automatically. Only for Gmail, where Google documents that dots are ignored and
 * "+anything" is delivered to the same inbox, do we fold both (and googlemail.com → gmail.com).
 */
const EMAIL_SHAPE =
  /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export function normalizeEmail(raw: string): string | null {
  const text = raw
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  if (!EMAIL_SHAPE.test(text)) return null;
  const at = text.lastIndexOf('@');
  let local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.split('+')[0]!.replace(/\./g, '');
    if (local === '') return null;
    return `${local}@gmail.com`;
  }
  return `${local}@${domain}`;
}
