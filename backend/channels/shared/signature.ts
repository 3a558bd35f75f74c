import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'missing' | 'invalid';

/** `sha256=<lowercase hex>` of the exact bytes, as Meta sends in X-Hub-Signature-256. */
export function signBody(raw: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/**
 * Checks X-Hub-Signature-256 over the raw bytes. The digest must be computed on the bytes as
 * received: Meta signs its unicode-escaped serialisation, so re-serialised JSON would not match.
 * timingSafeEqual keeps the comparison time independent of where the first wrong byte is.
 */
export function checkSignature(
  raw: Buffer,
  header: string | string[] | undefined,
  appSecret: string,
): SignatureCheck {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 'missing';
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(value.trim());
  if (!match?.[1]) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'invalid';
}

/** Meta's wire form: non-ASCII characters as \uXXXX escapes (what the stand-in signs and sends). */
export function escapeUnicode(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
