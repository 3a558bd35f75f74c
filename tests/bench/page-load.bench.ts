import path from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { defineBench, median } from '../../bench/kit';
import { launchBrowser, waitForExtensionWorker } from '../support/browser';
import { serveFixtures } from '../support/fixture-server';

const extensionDir = process.env.SWITCHBOARD_EXTENSION_DIR ?? path.resolve('.output/chrome-mv3');

interface LoadSample {
  /** Host renderer main-thread busy time from navigation until the page settled. */
  taskMs: number;
  loadEventMs: number;
}

async function loadOnce(browser: Browser, withSidebar: boolean): Promise<LoadSample> {
  const page: Page = await browser.newPage();
  await serveFixtures(page);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const taskBefore = await taskDuration(cdp);
  await page.goto('https://web.whatsapp.com/', { waitUntil: 'load' });
  if (withSidebar) {
    const sidebar = await page.waitForFrame((f) => f.url().includes('/sidebar.html'));
    await sidebar.waitForSelector('[data-testid="conversation-title"]');
  }
  // Let the content script's start-up and the first state report finish.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const taskAfter = await taskDuration(cdp);
  const loadEventMs = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.loadEventEnd - nav.startTime;
  });
  await page.close();
  return { taskMs: (taskAfter - taskBefore) * 1000, loadEventMs };
}

async function taskDuration(cdp: import('puppeteer').CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/**
 * The sidebar's added cost on a host page load: the same fixture page loaded alternately in a
 * browser with the extension and one without, in the same run. The sidebar itself renders in the
 * extension's process; what we measure is what the host page pays (content script + layout).
 */
export default defineBench({
  name: 'page-load',
  needs: ['browser'],
  async run({ size, log }) {
    const rounds = size === 'tiny' ? 2 : 15;
    const plain = await launchBrowser();
    const withExt = await launchBrowser({ extensionDir });
    try {
      await waitForExtensionWorker(withExt);
      // Warm both (first loads compile code and fill caches).
      await loadOnce(plain, false);
      await loadOnce(withExt, true);
      const base: LoadSample[] = [];
      const ext: LoadSample[] = [];
      for (let i = 0; i < rounds; i++) {
        base.push(await loadOnce(plain, false));
        ext.push(await loadOnce(withExt, true));
      }
      const baseTask = median(base.map((s) => s.taskMs));
      const extTask = median(ext.map((s) => s.taskMs));
      const baseLoad = median(base.map((s) => s.loadEventMs));
      const extLoad = median(ext.map((s) => s.loadEventMs));
      log(
        `main-thread ms: ${baseTask.toFixed(1)} without, ${extTask.toFixed(1)} with; load ${baseLoad.toFixed(1)} / ${extLoad.toFixed(1)} ms`,
      );
      return [
        {
          bench: 'page-load.main-thread-added',
          value: extTask - baseTask,
          unit: 'ms',
          ratio: extTask / baseTask,
          limit: 'same fixture page without the extension, same run (median)',
          target: 'ratio close to 1',
        },
        {
          bench: 'page-load.load-event',
          value: extLoad,
          unit: 'ms',
          ratio: extLoad / baseLoad,
          limit: 'load event without the extension, same run (median)',
        },
      ];
    } finally {
      await plain.close();
      await withExt.close();
    }
  },
});
