/**
 * The visible text of a message element with emoji as characters. WhatsApp (and older Messenger
 * builds) render emoji as <img> with the character in `data-plain-text` or `alt`; textContent
 * would drop them. Line breaks come as <br> or block children.
 */
export function extractText(root: Node, skip?: (el: Element) => boolean): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (skip?.(el)) return;
    const tag = el.tagName;
    if (tag === 'IMG') {
      out += el.getAttribute('data-plain-text') ?? el.getAttribute('alt') ?? '';
      return;
    }
    if (tag === 'BR') {
      out += '\n';
      return;
    }
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'svg' || tag === 'SVG') return;
    const block = tag === 'P' || tag === 'DIV' ? out.length > 0 && !out.endsWith('\n') : false;
    if (block && tag === 'P') out += '\n';
    for (const child of el.childNodes) walk(child);
  };
  walk(root);
  return out.replace(/\u00a0/g, ' ').trim();
}

export function textOf(el: Element | null | undefined): string {
  return el ? extractText(el) : '';
}
