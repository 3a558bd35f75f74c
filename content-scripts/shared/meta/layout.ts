import { styleOf } from '../hooks';

/**
 * Messenger and Instagram mark nothing in the markup as "mine": own messages are only pushed to the
 * right (computed `justify-content: flex-end` on the line container; instagram-dm-unsender
 * `isSentByCurrentUser`, 2026). Walk the first few levels under the row, where that container sits.
 */
export function isPushedRight(row: Element, maxElements = 24): boolean {
  const queue: Element[] = [row];
  let seen = 0;
  while (queue.length > 0 && seen < maxElements) {
    const el = queue.shift() as Element;
    seen++;
    const style = styleOf(el);
    if (
      style?.display.includes('flex') &&
      style.justifyContent === 'flex-end' &&
      style.flexDirection.startsWith('row')
    )
      return true;
    queue.push(...el.children);
  }
  return false;
}

/** A visually hidden (1px, absolutely positioned) screen-reader span: the language-independent unread marker. */
export function isVisuallyHidden(el: Element): boolean {
  const style = styleOf(el);
  return style !== null && style.position === 'absolute' && style.width === '1px' && style.height === '1px';
}
