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

export const messageInputSchema = z.object({
  hostId: z.string().min(1),
  direction: z.enum(['in', 'out']),
  sender: z.string().nullish(),
  text: z.string().optional(),
  timestamp: z.number().finite().nonnegative(),
  quoted: z.object({ text: z.string(), sender: z.string().nullish() }).nullish(),
  media: mediaKindSchema.nullish(),
});

export const rawIdentitySchema = z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string() });

export type AccountInput = z.input<typeof accountInputSchema>;
export type ThreadInput = z.input<typeof threadInputSchema>;
export type MessageInput = z.input<typeof messageInputSchema>;

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
