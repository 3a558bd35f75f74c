import type { InsertResult } from '../../../extension/api/protocol';
import { type Applied, compareInsertion, editorText } from './editor-text';
import type { InsertRequest } from './protocol';

/**
 * Puts text into a host app's Lexical composer, from the page's MAIN world (host-apps-dom.md §1d):
 * focus the composer, caret at the END of the agent's draft, one `beforeinput`
 * (insertReplacementText) whose own DataTransfer carries the text, verify asynchronously that
 * Lexical's state changed, and only when nothing changed at all fall back to
 * `execCommand('insertText')`. Never both, never textContent, never Enter or a click on Send.
 */

const VERIFY_TIMEOUT_MS = 800;

let lastFocusedComposer: WeakRef<HTMLElement> | null = null;

/** Remembers the composer the agent last typed in, to restore focus after the sidebar took it. */
export function trackComposerFocus(doc: Document): () => void {
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target;
    if (target instanceof HTMLElement && target.isContentEditable && target.closest('[data-lexical-editor]'))
      lastFocusedComposer = new WeakRef(target.closest<HTMLElement>('[data-lexical-editor]') ?? target);
  };
  doc.addEventListener('focusin', onFocusIn, true);
  return () => doc.removeEventListener('focusin', onFocusIn, true);
}

function isUsable(el: Element | null | undefined, scope: string): el is HTMLElement {
  return el instanceof HTMLElement && el.isConnected && el.isContentEditable && el.closest(scope) !== null;
}

export function resolveComposer(
  doc: Document,
  request: Pick<InsertRequest, 'selectors' | 'scope'>,
): HTMLElement | null {
  const cached = lastFocusedComposer?.deref();
  if (isUsable(cached, request.scope) && request.selectors.some((s) => safeMatches(cached, s))) return cached;
  for (const selector of request.selectors) {
    let found: Element[] = [];
    try {
      found = [...doc.querySelectorAll(selector)];
    } catch {
      continue; // an invalid selector in a table must not stop the others
    }
    const usable = found.find((el) => isUsable(el, request.scope));
    if (usable) return usable;
  }
  return null;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** Deepest last position inside the editor: end of the last text node, or before a trailing <br>. */
export function placeCaretAtEnd(editor: HTMLElement): void {
  const selection = editor.ownerDocument.defaultView?.getSelection();
  if (!selection) return;
  let node: Node = editor;
  while (node.lastChild) {
    const last: ChildNode = node.lastChild;
    if (last.nodeName === 'BR') break;
    node = last;
  }
  const range = editor.ownerDocument.createRange();
  if (node.nodeType === Node.TEXT_NODE) range.setStart(node, node.nodeValue?.length ?? 0);
  else if (node.lastChild?.nodeName === 'BR') range.setStartBefore(node.lastChild);
  else range.setStart(node, node.childNodes.length);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}

function focusComposer(editor: HTMLElement): void {
  // The sidebar iframe holds focus after a click there; give it back to the page's composer.
  const win = editor.ownerDocument.defaultView;
  win?.focus();
  editor.focus({ preventScroll: true });
  placeCaretAtEnd(editor);
}

function dispatchBeforeInput(editor: HTMLElement, text: string): void {
  // Built in the page world: Firefox hands a DataTransfer from another world to the page empty,
  // and Lexical reads the event's own DataTransfer first (CONTROLLED_TEXT_INSERTION_COMMAND).
  const event = new InputEvent('beforeinput', {
    bubbles: true,
    cancelable: true,
    composed: true,
    inputType: 'insertReplacementText',
    dataTransfer: new DataTransfer(),
  });
  event.dataTransfer?.setData('text/plain', text);
  editor.dispatchEvent(event);
}

/**
 * Resolves with how the editor's text relates to "draft + text" once it settles: as soon as a
 * mutation makes it 'exact', or when the timeout passes. Lexical applies some updates after the
 * current turn (execCommand in particular), so this never decides synchronously.
 */
function settle(editor: HTMLElement, before: string, text: string): Promise<Applied> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      resolve(compareInsertion(before, editorText(editor), text));
    };
    const check = () => {
      if (compareInsertion(before, editorText(editor), text) === 'exact') finish();
    };
    const observer = new MutationObserver(check);
    observer.observe(editor, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(finish, VERIFY_TIMEOUT_MS);
    queueMicrotask(check);
  });
}

export async function insertIntoComposer(doc: Document, request: InsertRequest): Promise<InsertResult> {
  const editor = resolveComposer(doc, request);
  if (!editor) {
    return {
      ok: false,
      reason: 'no-composer',
      message: 'Open a conversation first: the message box was not found on this page.',
    };
  }
  const before = editorText(editor);
  focusComposer(editor);
  dispatchBeforeInput(editor, request.text);
  const first = await settle(editor, before, request.text);
  if (first === 'exact') return { ok: true, method: 'beforeinput' };
  if (first === 'other') {
    return {
      ok: false,
      reason: 'not-applied',
      message: 'The message box changed in an unexpected way. Please check the draft before sending.',
    };
  }
  // Nothing at all changed: the one safe moment for the second method (never both for one text).
  focusComposer(editor);
  doc.execCommand('insertText', false, request.text);
  const second = await settle(editor, before, request.text);
  if (second === 'exact') return { ok: true, method: 'execCommand' };
  return {
    ok: false,
    reason: 'not-applied',
    message:
      second === 'unchanged'
        ? 'The message box did not accept the text. Click into it once and try again.'
        : 'The message box changed in an unexpected way. Please check the draft before sending.',
  };
}
