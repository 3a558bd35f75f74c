import { localesInOrder, type UiLocale } from './locale';

/**
 * Selectors as data. Every hook an adapter reads is one named entry with ordered fallbacks:
 * language-independent ones first (ids, structure, roles, data attributes, computed style where
 * that is the robust signal), localized strings last and matched against per-locale tables.
 * Tables can be audited (and covered by fixtures) fallback by fallback; see `fallbackMatches`.
 */
export type Fallback =
  /** Plain CSS: ids, roles, data attributes, structure. */
  | { css: string; why: string }
  /** CSS plus a predicate the selector cannot express (computed style, text shape). */
  | { css: string; test: (el: Element) => boolean; why: string }
  /** CSS plus an attribute whose value is localized UI text, looked up in the string table. */
  | { css: string; attr: string; key: string; how: 'equals' | 'prefix' | 'contains'; why: string };

export interface Hook {
  /** Human name, shown to the agent when the hook cannot be found ("composer", "chat list"). */
  name: string;
  fallbacks: readonly Fallback[];
  /**
   * At most one such element on the page (the composer, the message list). `find` then reuses the
   * element it last found while that one is still attached and still matches its fallback: these
   * sit after the whole message list in document order, so a fresh search walks every rendered
   * message, and the periodic state read asks for them several times.
   */
  single?: true;
}

export type StringTable<K extends string> = Record<UiLocale, Record<K, readonly string[]>>;

export interface HookContext {
  lang: string;
  strings: StringTable<string>;
}

type LocalizedFallback = Extract<Fallback, { key: string }>;

/**
 * The lower-cased strings a localized fallback accepts, in locale order. Cached per fallback,
 * language and table: fallbacks run for every new message row, the tables never change.
 */
const localizedCache = new WeakMap<LocalizedFallback, { lang: string; strings: unknown; values: string[] }>();

function localizedValues(fallback: LocalizedFallback, ctx: HookContext): string[] {
  const cached = localizedCache.get(fallback);
  if (cached && cached.lang === ctx.lang && cached.strings === ctx.strings) return cached.values;
  const values: string[] = [];
  for (const locale of localesInOrder(ctx.lang))
    for (const value of ctx.strings[locale]?.[fallback.key] ?? []) values.push(value.toLowerCase());
  localizedCache.set(fallback, { lang: ctx.lang, strings: ctx.strings, values });
  return values;
}

/** `wanted` is already lower-cased (see localizedValues). */
function attrMatches(value: string | null, wanted: readonly string[], how: 'equals' | 'prefix' | 'contains') {
  if (value === null) return false;
  const v = value.trim().toLowerCase();
  return wanted.some((x) =>
    how === 'equals' ? v === x : how === 'prefix' ? v.startsWith(x) : v.includes(x),
  );
}

/** All elements one fallback matches under root (root itself included when it matches). */
export function fallbackMatches(root: ParentNode, fallback: Fallback, ctx: HookContext): Element[] {
  const found: Element[] = [];
  if (root instanceof Element && root.matches(fallback.css)) found.push(root);
  found.push(...root.querySelectorAll(fallback.css));
  if ('test' in fallback) return found.filter((el) => fallback.test(el));
  if ('attr' in fallback) {
    const wanted = localizedValues(fallback, ctx);
    return found.filter((el) => attrMatches(el.getAttribute(fallback.attr), wanted, fallback.how));
  }
  return found;
}

function firstMatch(root: ParentNode, fallback: Fallback, ctx: HookContext): Element | null {
  if (!('test' in fallback) && !('attr' in fallback)) {
    if (root instanceof Element && root.matches(fallback.css)) return root;
    return root.querySelector(fallback.css);
  }
  // Stop at the first element that passes: this runs on every read, lists can be long.
  const wanted = 'attr' in fallback ? localizedValues(fallback, ctx) : [];
  const passes = (el: Element) =>
    'test' in fallback
      ? fallback.test(el)
      : attrMatches(el.getAttribute(fallback.attr), wanted, fallback.how);
  if (root instanceof Element && root.matches(fallback.css) && passes(root)) return root;
  for (const el of root.querySelectorAll(fallback.css)) if (passes(el)) return el;
  return null;
}

const unionCache = new WeakMap<object, string>();

function unionOf(key: Hook | readonly Hook[]): string {
  let css = unionCache.get(key);
  if (css === undefined) {
    const hooks: readonly Hook[] = Array.isArray(key) ? key : [key as Hook];
    css = hooks.flatMap((h) => h.fallbacks.map((f) => f.css)).join(', ');
    unionCache.set(key, css);
  }
  return css;
}

function anyUnder(root: ParentNode, css: string): boolean {
  return (root instanceof Element && root.matches(css)) || root.querySelector(css) !== null;
}

/**
 * Whether any fallback of the hook could match under root: one query instead of one per fallback
 * when none does, the common case for the optional parts read per message (quotes, media, group
 * senders). No fallback matches where none of their selectors does.
 */
function mayMatch(root: ParentNode, hook: Hook): boolean {
  return hook.fallbacks.length < 2 || anyUnder(root, unionOf(hook));
}

/**
 * Whether any of these hooks could match under root, in one query: a reader gates a group of
 * optional parts with it (a plain text message has no quote and no media, and each part asked
 * alone costs its own queries). Pass the same array each time: its selector is built once.
 */
export function mayMatchAny(root: ParentNode, hooks: readonly Hook[]): boolean {
  return anyUnder(root, unionOf(hooks));
}

/**
 * Hooks whose last find() was answered by their first fallback. Those are tried with it directly
 * before the union pre-check (which would only cost one more query when the first one hits); the
 * answer is the same either way, since fallbacks are still tried in order.
 */
const firstFallbackHit = new WeakSet<Hook>();

const lastFound = new WeakMap<Hook, { el: WeakRef<Element>; fallback: Fallback; ctx: HookContext }>();

function stillMatches(el: Element, fallback: Fallback, ctx: HookContext): boolean {
  if (!el.matches(fallback.css)) return false;
  if ('test' in fallback) return fallback.test(el);
  if ('attr' in fallback)
    return attrMatches(el.getAttribute(fallback.attr), localizedValues(fallback, ctx), fallback.how);
  return true;
}

/** The first element found by the first fallback that finds anything. */
export function find(root: ParentNode | null | undefined, hook: Hook, ctx: HookContext): Element | null {
  if (!root) return null;
  if (hook.single) {
    const last = lastFound.get(hook);
    const el = last?.el.deref();
    if (
      el?.isConnected &&
      last?.ctx === ctx &&
      (root === el || root.contains(el)) &&
      stillMatches(el, last.fallback, ctx)
    )
      return el;
  }
  const found = (el: Element, fallback: Fallback, index: number) => {
    if (hook.single) lastFound.set(hook, { el: new WeakRef(el), fallback, ctx });
    if (index === 0) firstFallbackHit.add(hook);
    else firstFallbackHit.delete(hook);
    return el;
  };
  const first = hook.fallbacks[0];
  let start = 0;
  if (first && firstFallbackHit.has(hook)) {
    const el = firstMatch(root, first, ctx);
    if (el) return found(el, first, 0);
    start = 1;
  }
  if (!mayMatch(root, hook)) {
    firstFallbackHit.delete(hook);
    return null;
  }
  for (let i = start; i < hook.fallbacks.length; i++) {
    const fallback = hook.fallbacks[i] as Fallback;
    const el = firstMatch(root, fallback, ctx);
    if (el) return found(el, fallback, i);
  }
  firstFallbackHit.delete(hook);
  return null;
}

/** All elements of the first fallback that finds anything (fallbacks are never mixed). */
export function findAll(root: ParentNode | null | undefined, hook: Hook, ctx: HookContext): Element[] {
  if (!root || !mayMatch(root, hook)) return [];
  for (const fallback of hook.fallbacks) {
    const els = fallbackMatches(root, fallback, ctx);
    if (els.length > 0) return els;
  }
  return [];
}

/** The closest ancestor-or-self matched by any fallback (used to map an added node to its row). */
export function closest(el: Element, hook: Hook, ctx: HookContext): Element | null {
  for (const fallback of hook.fallbacks) {
    const hit = el.closest(fallback.css);
    if (!hit) continue;
    if ('test' in fallback && !fallback.test(hit)) continue;
    if (
      'attr' in fallback &&
      !attrMatches(hit.getAttribute(fallback.attr), localizedValues(fallback, ctx), fallback.how)
    )
      continue;
    return hit;
  }
  return null;
}

/**
 * A CSS selector equivalent to one fallback, for the MAIN-world composer script, which receives
 * strings only. Predicate fallbacks have no CSS form and are left out.
 */
export function fallbackSelectors(hook: Hook, ctx: HookContext): string[] {
  const out: string[] = [];
  for (const fallback of hook.fallbacks) {
    if ('test' in fallback) continue;
    if (!('attr' in fallback)) {
      out.push(fallback.css);
      continue;
    }
    const op = fallback.how === 'equals' ? '=' : fallback.how === 'prefix' ? '^=' : '*=';
    for (const value of localizedValues(fallback, ctx)) {
      out.push(`${fallback.css}[${fallback.attr}${op}"${value.replace(/["\\]/g, '\\$&')}" i]`);
    }
  }
  return out;
}

/** Computed-style helpers for the fallbacks the reference names as the robust signal. */
export function styleOf(el: Element): CSSStyleDeclaration | null {
  const view = el.ownerDocument.defaultView;
  return view ? view.getComputedStyle(el) : null;
}
