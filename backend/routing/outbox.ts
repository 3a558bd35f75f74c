import type { ServerMessage } from '../protocol/v1';

type Item = { orgId: string; message: ServerMessage };

/**
 * Pushes produced inside a transaction, published only after it commits, so no agent ever
 * hears about a change that was rolled back.
 */
export class Outbox {
  private list: (Item | undefined)[] = [];
  /** Where each conversation's last `conversation.updated` sits, so a later push can replace it. */
  private readonly updatedAt = new Map<string, number>();

  push(orgId: string, message: ServerMessage): void {
    const conversation = 'conversation' in message ? message.conversation : undefined;
    if (conversation) {
      // A later push about the same conversation in the same commit carries its newer full state:
      // the earlier `conversation.updated` says nothing more (a burst of new conversations would
      // otherwise send every sidebar two frames per conversation: created, then assigned).
      const earlier = this.updatedAt.get(conversation.id);
      if (earlier !== undefined) this.list[earlier] = undefined;
      if (message.type === 'conversation.updated') this.updatedAt.set(conversation.id, this.list.length);
      else this.updatedAt.delete(conversation.id);
    }
    this.list.push({ orgId, message });
  }

  get items(): Item[] {
    return this.list.filter((item): item is Item => item !== undefined);
  }

  get size(): number {
    return this.list.length;
  }

  /** A retried transaction must not publish what its failed attempt collected. */
  clear(): void {
    this.list = [];
    this.updatedAt.clear();
  }
}

export type Publish = (items: readonly Item[]) => void;
