/**
 * Identifiers a customer types into a message ("my number is …", "order #A-10293"). They are
 * weak signals: the customer may be quoting someone else's number, so a match only ever becomes
 * a suggestion, never an automatic merge.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { normalizeEmail } from './email';
import { regionFromHint } from './phone';

export type TypedKind = 'phone' | 'email' | 'order';

export interface TypedIdentifier {
  kind: TypedKind;
  value: string;
}

const EMAIL_IN_TEXT = /[^\s@<>()[\]\\,;:"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/**
 * "#A-10293", "#10293", "order 10293", "pedido nº 10293", "orden: AB-7781". At least four digits
 * so that "#1" or "order 2" (quantities, list items) are not read as order numbers.
 */
const ORDER_IN_TEXT =
  /(?:#|\b(?:order|orden|pedido|encomenda|compra)\s*(?:n[º°o]\.?|no\.|number|número|numero)?\s*[:#]?\s*)([A-Za-z]{0,4}-?\d{4,}(?:-[A-Za-z0-9]+)?)\b/giu;

export function extractTypedIdentifiers(text: string, region?: string | null): TypedIdentifier[] {
  if (text.length < 4) return [];
  const found = new Map<string, TypedIdentifier>();
  const add = (kind: TypedKind, value: string) => found.set(`${kind}:${value}`, { kind, value });

  // Cheap pre-checks keep ingest fast: most chat messages have no "@" and no run of digits.
  if (text.includes('@')) {
    for (const match of text.matchAll(EMAIL_IN_TEXT)) {
      const email = normalizeEmail(match[0].replace(/\.+$/, ''));
      if (email) add('email', email);
    }
  }
  if (/\d{4}/.test(text)) {
    for (const match of text.matchAll(ORDER_IN_TEXT)) add('order', match[1]!.toUpperCase());
  }
  // The phone finder is the slowest part: only run it where seven digits could form a number.
  if (/\d(?:[\s().-]*\d){6}/.test(text)) {
    const country = regionFromHint(region);
    for (const hit of findPhoneNumbersInText(text, country ? { defaultCountry: country } : undefined)) {
      if (hit.number.isValid()) add('phone', hit.number.number);
    }
  }
  return [...found.values()];
}
