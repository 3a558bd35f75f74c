// The least any capture must do for each incoming message, and nothing else: one observer on the
// open conversation (added nodes only), the added row's id and text read in the callback, one
// port message per mutation batch. No dedupe, no date or sender parsing, no state reads, no
// sidebar. `npm run bench -- adapters` runs it as the floor the shipping adapters are compared to.
const port = chrome.runtime.connect({ name: 'floor' });
const observer = new MutationObserver((records) => {
  const rows = [];
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      const row = node.hasAttribute('data-id') ? node : node.querySelector('[data-id]');
      if (row) rows.push({ id: row.getAttribute('data-id'), text: row.textContent });
    }
  }
  if (rows.length > 0) port.postMessage(JSON.stringify(rows));
});
let hooked = null;
const hook = () => {
  const main = document.getElementById('main');
  if (main === hooked) return;
  observer.disconnect();
  if (main) observer.observe(main, { childList: true, subtree: true });
  hooked = main;
};
hook();
// WhatsApp replaces #main on a chat switch; the bench never switches, so a slow re-check suffices.
setInterval(hook, 1000);
