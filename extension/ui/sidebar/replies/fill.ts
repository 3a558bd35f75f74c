import type { ReplyPart } from '../../../../background/replies/reply-types';

/**
 * The reply text with the agent's fill-in values applied. Variables the context filled keep
 * their value; the agent's typed value wins for missing ones; a value still missing stays as
 * `{{key}}` so it is visible (and `complete` says the reply is not ready to insert).
 */
export function applyFills(
  parts: readonly ReplyPart[],
  values: Readonly<Record<string, string>>,
): { text: string; complete: boolean } {
  let complete = true;
  const text = parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.value !== undefined) return part.value;
      const typed = values[part.key]?.trim();
      if (typed) return typed;
      complete = false;
      return `{{${part.key}}}`;
    })
    .join('');
  return { text, complete };
}
