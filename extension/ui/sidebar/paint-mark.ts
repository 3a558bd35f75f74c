/**
 * Marks (performance.mark) the moment what the current render committed is on screen, once per
 * name: the first-paint benchmark reads these marks.
 *
 * Call it from a layout effect, which runs as the render commits and before the browser paints.
 * The animation frame callback runs just before the frame that paints the commit, and a message
 * posted from it is handled right after that paint. Marking from a plain effect instead would
 * add whatever other effects of the same render cost, and one more frame for the animation frame.
 */
export function markAfterPaint(name: string): void {
  if (performance.getEntriesByName(name).length > 0) return;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (performance.getEntriesByName(name).length === 0) performance.mark(name);
    };
    channel.port2.postMessage(null);
  });
}
