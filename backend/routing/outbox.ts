import type { ServerMessage } from '../protocol/v1';

/**
 * Pushes produced inside a transaction, published only after it commits, so no agent ever
 * hears about a change that was rolled back.
 */
export class Outbox {
  readonly items: { orgId: string; message: ServerMessage }[] = [];

  push(orgId: string, message: ServerMessage): void {
    this.items.push({ orgId, message });
  }
}

export type Publish = (items: readonly { orgId: string; message: ServerMessage }[]) => void;
