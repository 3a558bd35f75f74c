/**
 * Marks (performance.mark) the moment what the current render committed is on screen, once per
 * name: the first-paint benchmark reads these marks.
 *
 * Call it from a layout effect, which runs as the render commits and before the browser paints.
 * The animation frame callback runs just before the frame that paints the commit, and a task
 * posted from it runs once that frame's rendering (style, layout, paint) is done. A user-blocking
 * task where the browser has scheduler.postTask: an ordinary one (a message, a timer) waits behind
 * every task queued before it, and right after its first data the sidebar has several queued
 * (port messages, timers), which added up to 16 ms to the mark.
 *
 * Not Element Timing: its entries wait for the frame's presentation, and in headless Chromium a
 * frame inside a page that does not draw itself was left unpresented for seconds.
 */
const marked = new Set<string>();

export function markAfterPaint(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  requestAnimationFrame(() => {
    afterFrame(() => performance.mark(name));
  });
}

function afterFrame(run: () => void): void {
  if (typeof scheduler !== 'undefined' && typeof scheduler.postTask === 'function') {
    void scheduler.postTask(run, { priority: 'user-blocking' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
}
