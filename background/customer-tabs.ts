import type { TabEvent } from '../extension/api/protocol';
import { ChangeThrottle } from './change-throttle';
import type { TabRegistry } from './tabs';

/** How often captured messages may make one customer's sidebars re-read the card. */
export const CAPTURE_NOTICE_WINDOW_MS = 1000;

/**
 * Which customer each tab's sidebar is showing, so a change to a customer (a new message on
 * another channel, a merge done in another tab) reaches every sidebar that shows them.
 */
export class CustomerTabs {
  private readonly shown = new Map<number, string>();
  private readonly captured: ChangeThrottle;

  constructor(
    private readonly tabs: TabRegistry,
    noticeWindowMs = CAPTURE_NOTICE_WINDOW_MS,
  ) {
    this.captured = new ChangeThrottle(noticeWindowMs, (customerId) => this.notifyChanged([customerId]));
  }

  show(tabId: number, customerId: string | null): void {
    if (customerId === null) this.shown.delete(tabId);
    else this.shown.set(tabId, customerId);
  }

  /** Tabs showing any of these customers (an absorbed customer's tabs now show the survivor). */
  tabsShowing(customerIds: Iterable<string>): number[] {
    const wanted = new Set(customerIds);
    return [...this.shown].filter(([, id]) => wanted.has(id)).map(([tabId]) => tabId);
  }

  /** Tells every sidebar showing one of these customers to re-read its card. */
  notifyChanged(customerIds: Iterable<string>): void {
    for (const tabId of this.tabsShowing(customerIds)) {
      const customerId = this.shown.get(tabId)!;
      this.tabs.push(tabId, 'sidebar', { type: 'customer', customerId } satisfies TabEvent);
    }
  }

  /**
   * New messages of a customer: their sidebars re-read the card at most once per window (the
   * messages themselves are pushed to the timeline as they come; the card's figures can lag).
   */
  notifyCaptured(customerId: string): void {
    this.captured.touch(customerId);
  }

  notifyAll(): void {
    this.notifyChanged(new Set(this.shown.values()));
  }

  pushToShowing(customerIds: Iterable<string>, event: TabEvent): void {
    for (const tabId of this.tabsShowing(customerIds)) this.tabs.push(tabId, 'sidebar', event);
  }
}
