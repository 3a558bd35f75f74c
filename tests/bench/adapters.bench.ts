import path from 'node:path';
import type { Browser, CDPSession, Frame, Page } from 'puppeteer';
import { defineBench, median, p95 } from '../../bench/kit';
import { launchBrowser, waitForExtensionWorker } from '../support/browser';
import { serveFixtures } from '../support/fixture-server';

const extensionDir = process.env.SWITCHBOARD_EXTENSION_DIR ?? path.resolve('.output/chrome-mv3');

/** 1,000 messages per minute = one every 60 ms. */
const INTERVAL_MS = 60;

interface BurstSample {
  /** Host renderer main-thread busy time (CDP TaskDuration) and script time during the burst, ms. */
  taskMs: number;
  scriptMs: number;
  longTasks: number;
  /** hostId → epoch ms the driver added the row (page clock, performance.timeOrigin based). */
  addedAt: Record<string, number>;
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
}

async function openWhatsApp(
  browser: Browser,
  withExtension: boolean,
): Promise<{ page: Page; sidebar: Frame | null }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 860 });
  await serveFixtures(page);
  await page.goto('https://web.whatsapp.com/', { waitUntil: 'load' });
  let sidebar: Frame | null = null;
  if (withExtension) {
    sidebar = await page.waitForFrame((f) => f.url().includes('/sidebar.html'));
    await sidebar.waitForSelector('[data-testid="link-status"][data-state="ok"]');
  }
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number };
    w.__longTasks = 0;
    new PerformanceObserver((list) => {
      w.__longTasks += list.getEntries().length;
    }).observe({ type: 'longtask' });
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { page, sidebar };
}

/**
 * Listens in the sidebar frame, on a sidebar port of its own, for the background's `messages`
 * pushes: arrival there is when the background has the message (plus one port hop).
 */
async function listenForArrivals(sidebar: Frame): Promise<void> {
  await sidebar.evaluate(() => {
    type Push = { k?: string; e?: { type?: string; added?: { hostId: string }[] } };
    type RawPort = { onMessage: { addListener(f: (m: Push) => void): void } };
    const w = globalThis as unknown as {
      chrome: { runtime: { connect(o: { name: string }): RawPort } };
      __arrivals: Record<string, number>;
    };
    w.__arrivals = {};
    w.chrome.runtime.connect({ name: 'switchboard:sidebar' }).onMessage.addListener((raw) => {
      if (raw?.k !== 'event' || raw.e?.type !== 'messages') return;
      const now = performance.timeOrigin + performance.now();
      for (const m of raw.e.added ?? []) w.__arrivals[m.hostId] ??= now;
    });
  });
}

async function burst(page: Page, count: number): Promise<BurstSample> {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const task0 = await metric(cdp, 'TaskDuration');
  const script0 = await metric(cdp, 'ScriptDuration');
  const long0 = await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks);
  const addedAt = await page.evaluate(
    async (n, interval) => {
      const added: Record<string, number> = {};
      for (let i = 1; i <= n; i++) {
        const id = window.__fixture.deliverIncoming({ text: `Bench message ${i} of ${n} 🚀` });
        added[id] = performance.timeOrigin + performance.now();
        await new Promise((r) => setTimeout(r, interval));
      }
      return added;
    },
    count,
    INTERVAL_MS,
  );
  // Let the last idle batch run before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const sample = {
    taskMs: (await metric(cdp, 'TaskDuration')) - task0,
    scriptMs: (await metric(cdp, 'ScriptDuration')) - script0,
    longTasks:
      (await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks)) - long0,
    addedAt,
  };
  await cdp.detach();
  return sample;
}

/**
 * What the adapters cost the host page: the same WhatsApp fixture receives the same burst at
 * 1,000 messages/minute, in a browser without and one with the extension, in the same run.
 * CDP TaskDuration/ScriptDuration are the host renderer's main thread only (the sidebar iframe is
 * an extension frame in its own process), so the difference is what our content scripts add.
 */
export default defineBench({
  name: 'adapters',
  needs: ['browser'],
  async run({ size, log }) {
    const count = size === 'tiny' ? 25 : 500;
    const plain = await launchBrowser();
    const withExt = await launchBrowser({ extensionDir });
    try {
      await waitForExtensionWorker(withExt);
      const base = await openWhatsApp(plain, false);
      const ext = await openWhatsApp(withExt, true);
      // Warm-up: first deliveries compile code paths on both sides.
      await burst(base.page, 5);
      await burst(ext.page, 5);
      await listenForArrivals(ext.sidebar as Frame);
      const b = await burst(base.page, count);
      const e = await burst(ext.page, count);
      const arrivals = await (ext.sidebar as Frame).evaluate(
        () => (globalThis as unknown as { __arrivals: Record<string, number> }).__arrivals,
      );
      const latencies = Object.entries(e.addedAt).flatMap(([id, t]) =>
        arrivals[id] ? [arrivals[id] - t] : [],
      );
      const received = latencies.length;
      const perMessage = (e.taskMs - b.taskMs) / count;
      log(
        `burst of ${count} at ${INTERVAL_MS} ms: main thread ${b.taskMs.toFixed(0)} ms without, ${e.taskMs.toFixed(0)} ms with; ` +
          `script ${b.scriptMs.toFixed(0)} / ${e.scriptMs.toFixed(0)} ms; long tasks ${b.longTasks} / ${e.longTasks}; ` +
          `${received}/${count} reached the background, latency median ${median(latencies).toFixed(1)} ms p95 ${p95(latencies).toFixed(1)} ms`,
      );
      if (received < count) throw new Error(`only ${received} of ${count} messages reached the background`);
      return [
        {
          bench: 'adapters.main-thread-per-message',
          value: perMessage,
          unit: 'ms',
          limit: 'TaskDuration with minus without the extension, divided by the messages delivered',
          target: '< 1 ms',
        },
        {
          bench: 'adapters.burst-main-thread-ratio',
          value: e.taskMs - b.taskMs,
          unit: 'ms',
          ratio: e.taskMs / b.taskMs,
          limit: 'same page and burst without the extension, same run',
          target: 'overhead < 3 % (ratio < 1.03)',
        },
        {
          bench: 'adapters.burst-script-ratio',
          value: e.scriptMs - b.scriptMs,
          unit: 'ms',
          ratio: e.scriptMs / Math.max(b.scriptMs, 1e-6),
          limit: 'ScriptDuration, same page and burst without the extension',
        },
        {
          bench: 'adapters.burst-long-tasks',
          value: e.longTasks,
          unit: 'count',
          limit: `long tasks (>50 ms) during the burst; ${b.longTasks} without the extension`,
          target: 'no more than without',
        },
        {
          bench: 'adapters.dom-to-background-p95',
          value: p95(latencies),
          unit: 'ms',
          limit: 'driver adds the row → background pushes it to the sidebar (one extra port hop)',
          target: '< 100 ms (issue 3)',
        },
      ];
    } finally {
      await plain.close();
      await withExt.close();
    }
  },
});
