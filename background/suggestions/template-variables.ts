/**
 * `{{variables}}` in template bodies: listing them, and filling them from the conversation's
 * context. Malformed braces never throw — they stay as literal text — because bodies are typed
 * by people and a typo must not break the sidebar.
 *
 * Syntax: `{{customer.firstName}}`, or with a fallback used when the value is unknown:
 * `{{customer.firstName|there}}` ("Hi there" rather than a fill-in prompt).
 */

export interface VariablePart {
  kind: 'variable';
  key: string;
  fallback?: string;
  /** The exact source text, e.g. "{{ order.number }}". */
  raw: string;
}
export interface TextPart {
  kind: 'text';
  text: string;
}
export type TemplatePart = TextPart | VariablePart;

/** A value the agent has to type in before sending. */
export interface FillPrompt {
  key: string;
  label: string;
}

export interface FilledTemplate {
  /** The reply with every known value filled; unknown ones stay as written, for the agent to fill. */
  text: string;
  /** Variables with no value and no fallback, once each, in order of appearance. */
  missing: FillPrompt[];
  parts: Array<TextPart | (VariablePart & { value?: string })>;
}

/** Context values a template can use; any nested object works, these are the usual ones. */
export interface TemplateContext {
  customer?: { name?: string; firstName?: string; email?: string; phone?: string; [key: string]: unknown };
  order?: { number?: string | number; status?: string; [key: string]: unknown };
  agent?: { name?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The variables the editor offers, with the label a fill-in prompt shows. */
export const KNOWN_VARIABLES: Readonly<Record<string, string>> = {
  'customer.firstName': "Customer's first name",
  'customer.name': "Customer's full name",
  'customer.email': "Customer's email",
  'customer.phone': "Customer's phone",
  'order.number': 'Order number',
  'order.status': 'Order status',
  'order.trackingNumber': 'Tracking number',
  'order.trackingUrl': 'Tracking link',
  'order.carrier': 'Carrier',
  'order.eta': 'Expected delivery date',
  'order.total': 'Order total',
  'agent.name': 'Your name',
  'store.name': 'Shop name',
  'store.hours': 'Opening hours',
  'store.returnUrl': 'Returns page link',
  'store.sizeGuideUrl': 'Size guide link',
  'store.returnDays': 'Days allowed for returns',
  'store.freeShippingFrom': 'Order value for free shipping',
  'refund.amount': 'Refund amount',
  'refund.days': 'Days until the refund arrives',
  'discount.code': 'Discount code',
  'product.name': 'Product name',
  'product.restockDate': 'Restock date',
  'warranty.months': 'Warranty length in months',
};

const KEY_WITH_FALLBACK = /^\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:\|([^{}]*))?$/;

export function parseTemplate(body: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let pos = 0;
  while (pos < body.length) {
    let open = body.indexOf('{{', pos);
    if (open === -1) break;
    // "{{{x}}}": the extra braces are literal, the innermost pair is the variable.
    while (body[open + 2] === '{') open++;
    const close = body.indexOf('}}', open + 2);
    if (close === -1) break;
    const inner = body.slice(open + 2, close);
    const nestedOpen = inner.lastIndexOf('{{');
    if (nestedOpen !== -1) {
      // "{{a {{b}}": the first "{{" never closed; keep it as text and look again from the inner one.
      text += body.slice(pos, open + 2 + nestedOpen);
      pos = open + 2 + nestedOpen;
      continue;
    }
    const match = KEY_WITH_FALLBACK.exec(inner);
    if (!match) {
      text += body.slice(pos, close + 2);
      pos = close + 2;
      continue;
    }
    text += body.slice(pos, open);
    if (text) parts.push({ kind: 'text', text });
    text = '';
    const fallback = match[2]?.trim();
    parts.push({
      kind: 'variable',
      key: match[1]!,
      ...(fallback ? { fallback } : {}),
      raw: body.slice(open, close + 2),
    });
    pos = close + 2;
  }
  text += body.slice(pos);
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/** The distinct variable keys a body uses, in order of first appearance. */
export function listVariables(body: string): string[] {
  const keys: string[] = [];
  for (const part of parseTemplate(body)) {
    if (part.kind === 'variable' && !keys.includes(part.key)) keys.push(part.key);
  }
  return keys;
}

export function variableLabel(key: string): string {
  const known = KNOWN_VARIABLES[key];
  if (known) return known;
  // "order.giftMessage" → "Order gift message"
  const words = key
    .split('.')
    .join(' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  return undefined;
}

function lookup(context: TemplateContext, key: string): unknown {
  let current: unknown = context;
  for (const segment of key.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    // Own properties only: a key like "customer.constructor" must not reach prototypes.
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Values that can be worked out from others when the context lacks them. */
const DERIVED: Readonly<Record<string, (context: TemplateContext) => string | undefined>> = {
  'customer.firstName': (context) => toText(lookup(context, 'customer.name'))?.trim().split(/\s+/)[0],
};

export function resolveVariable(context: TemplateContext, key: string): string | undefined {
  return toText(lookup(context, key)) ?? DERIVED[key]?.(context);
}

export function fillTemplate(body: string, context: TemplateContext): FilledTemplate {
  const missing: FillPrompt[] = [];
  const parts: FilledTemplate['parts'] = [];
  let text = '';
  for (const part of parseTemplate(body)) {
    if (part.kind === 'text') {
      text += part.text;
      parts.push(part);
      continue;
    }
    const value = resolveVariable(context, part.key) ?? part.fallback;
    if (value === undefined) {
      text += part.raw;
      parts.push(part);
      if (!missing.some((m) => m.key === part.key))
        missing.push({ key: part.key, label: variableLabel(part.key) });
    } else {
      text += value;
      parts.push({ ...part, value });
    }
  }
  return { text, missing, parts };
}
