import type { TabEvent } from '../extension/api/protocol';
import type { TabRegistry } from './tabs';

/**
 * Which customer each tab's sidebar is showing, so a change to a customer (a new message on
 * another channel, a merge done in another tab) reaches every sidebar that shows them.
 */
export class CustomerTabs {
  private readonly shown = new Map<number, string>();

  constructor(private readonly tabs: TabRegistry) {}

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

  notifyAll(): void {
    this.notifyChanged(new Set(this.shown.values()));
  }

  pushToShowing(customerIds: Iterable<string>, event: TabEvent): void {
    for (const tabId of this.tabsShowing(customerIds)) this.tabs.push(tabId, 'sidebar', event);
  }
}
