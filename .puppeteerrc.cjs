/** Puppeteer must not download its own Chrome: tests use the system Chromium (see scripts/browser.mjs). */
module.exports = { skipDownload: true };
