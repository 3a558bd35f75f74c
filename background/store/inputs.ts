/**
 * What callers send to the Store, validated at the boundary: a bad message gets a clear error
 * (StoreInputError) and nothing of its batch is written.
 */
import { z } from 'zod';
import { IDENTITY_KINDS } from '../identity/kinds';

export const channelSchema = z.enum(['whatsapp', 'messenger', 'instagram']);

export const accountInputSchema = z.object({
  channel: channelSchema,
  hostAccountId: z.string().min(1),
  name: z.string().nullish(),
  workspace: z.string().min(1).optional(),
  region: z.string().nullish(),
});

export const threadInputSchema = z.object({
  hostThreadId: z.string().min(1),
  e2ee: z.boolean().optional(),
  isGroup: z.boolean().optional(),
  title: z.string().nullish(),
});

export const mediaKindSchema = z.enum([
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'sticker',
  'location',
  'contact',
  'other',
]);

export const rawIdentitySchema = z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string() });

export type AccountInput = z.input<typeof accountInputSchema>;
export type ThreadInput = z.input<typeof threadInputSchema>;

export class StoreInputError extends Error {
  override name = 'StoreInputError';
}

export class StoreStateError extends Error {
  override name = 'StoreStateError';
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new StoreInputError(`Invalid ${what}${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}

export type MediaKind = z.infer<typeof mediaKindSchema>;

/** One captured message as an adapter reports it. */
export interface MessageInput {
  /** The host app's own id (WhatsApp data-id, Instagram mid.$…, Messenger message id). */
  hostId: string;
  direction: 'in' | 'out';
  sender?: string | null | undefined;
  text?: string | undefined;
  /** Epoch milliseconds. */
  timestamp: number;
  quoted?: { text: string; sender?: string | null | undefined } | null | undefined;
  media?: MediaKind | null | undefined;
}

const MEDIA_KINDS: ReadonlySet<string> = new Set(mediaKindSchema.options);

/**
 * Hand-written rather than zod: it runs on every captured message inside the ingest hot path,
 * where a schema library costs as much as the IndexedDB write itself.
 */
export function parseMessages(messages: readonly unknown[]): MessageInput[] {
  if (!Array.isArray(messages)) throw new StoreInputError('Invalid messages: expected an array');
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Record<string, unknown> | null;
    const fail = (field: string, expected: string): never => {
      throw new StoreInputError(`Invalid message #${i} at ${field}: expected ${expected}`);
    };
    if (typeof m !== 'object' || m === null) fail('(root)', 'an object');
    const message = m as Record<string, unknown>;
    if (typeof message.hostId !== 'string' || message.hostId === '') fail('hostId', 'a non-empty string');
    if (message.direction !== 'in' && message.direction !== 'out') fail('direction', '"in" or "out"');
    if (
      typeof message.timestamp !== 'number' ||
      !Number.isFinite(message.timestamp) ||
      message.timestamp < 0
    ) {
      fail('timestamp', 'epoch milliseconds');
    }
    if (message.text !== undefined && typeof message.text !== 'string') fail('text', 'a string');
    if (message.sender != null && typeof message.sender !== 'string') fail('sender', 'a string or null');
    if (message.media != null && !MEDIA_KINDS.has(message.media as string))
      fail('media', [...MEDIA_KINDS].join('|'));
    const quoted = message.quoted as Record<string, unknown> | null | undefined;
    if (quoted != null) {
      if (typeof quoted !== 'object' || typeof quoted.text !== 'string') fail('quoted.text', 'a string');
      if (quoted.sender != null && typeof quoted.sender !== 'string')
        fail('quoted.sender', 'a string or null');
    }
  }
  return messages as MessageInput[];
}
