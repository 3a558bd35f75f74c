import type { Channel } from '../../storage/schema';

/** One thing a webhook told us, independent of the product's envelope. */
export type InboundItem =
  | {
      kind: 'message';
      channel: Channel;
      /** phone_number_id, Page id or Instagram account id the message was sent to. */
      accountId: string;
      /** wamid / mid: the idempotency key. */
      externalId: string;
      /** wa_id, PSID or IGSID. */
      customerId: string;
      customerName?: string;
      occurredAt: number;
      type: string;
      text?: string;
      raw: unknown;
    }
  | {
      kind: 'status';
      channel: Channel;
      accountId: string;
      externalId: string;
      status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
      occurredAt: number;
      errorCode?: string;
      errorReason?: string;
      /** biz_opaque_callback_data: our own message id, echoed by Meta. */
      callbackData?: string;
    }
  | {
      /** Messenger/Instagram read watermark: every message to this customer sent before it is read. */
      kind: 'watermark';
      channel: Channel;
      accountId: string;
      customerId: string;
      status: 'delivered' | 'read';
      watermark: number;
      mids: string[];
    }
  | { kind: 'ignored'; reason: string };

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** Meta sends Unix seconds as strings (WhatsApp) or epoch milliseconds as numbers (Messenger). */
export function toEpochMs(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) return fallback;
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}
