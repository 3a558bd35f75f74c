import { z } from 'zod';

/** What an agent or a rule asks to send, before it is shaped for one product's API. */
export const outboundContentSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string().trim().min(1).max(4096),
    previewUrl: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('template'),
    template: z.object({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(15).default('en_US'),
      /** Shorthand: body parameters as plain text, in order. */
      parameters: z.array(z.string().max(1024)).max(20).optional(),
      /** Full WhatsApp components, passed through as given. */
      components: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
    }),
  }),
  z.object({
    type: z.literal('interactive'),
    interactive: z
      .object({ type: z.enum(['button', 'list', 'cta_url', 'product', 'product_list', 'flow']) })
      .loose(),
  }),
  z.object({
    type: z.literal('media'),
    media: z.object({
      kind: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
      link: z.url().max(2000),
      caption: z.string().max(1024).optional(),
      filename: z.string().max(240).optional(),
    }),
  }),
  /** Mark the customer's messages read (WhatsApp read receipt, Messenger/Instagram mark_seen). */
  z.object({ type: z.literal('read'), messageId: z.string().max(200).optional() }),
]);
export type OutboundContent = z.infer<typeof outboundContentSchema>;

/** Stored in channel_messages.body: the content plus how it was allowed out of the window rules. */
export interface OutboundBody {
  content: OutboundContent;
  /** Messenger/Instagram: RESPONSE inside 24 h, MESSAGE_TAG with HUMAN_AGENT up to 7 days. */
  messagingType?: 'RESPONSE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
}

export function previewText(content: OutboundContent): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'template':
      return `[template ${content.template.name}${content.template.parameters ? `: ${content.template.parameters.join(', ')}` : ''}]`;
    case 'interactive':
      return `[interactive ${content.interactive.type}]`;
    case 'media':
      return content.media.caption ?? `[${content.media.kind}]`;
    case 'read':
      return '[read receipt]';
  }
}

/** The Cloud API body for one stored outbound message. */
export function whatsappRequest(
  messageId: string,
  to: string,
  body: OutboundBody,
  readTarget: string | undefined,
): Record<string, unknown> {
  const c = body.content;
  if (c.type === 'read') {
    return { messaging_product: 'whatsapp', status: 'read', message_id: readTarget ?? c.messageId };
  }
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    // Echoed in every status webhook: lets a message whose send response was lost in a crash be
    // matched to its delivery receipts instead of staying `unknown` forever.
    biz_opaque_callback_data: messageId,
  };
  switch (c.type) {
    case 'text':
      return { ...base, type: 'text', text: { body: c.text, preview_url: c.previewUrl ?? false } };
    case 'template': {
      const components =
        c.template.components ??
        (c.template.parameters && c.template.parameters.length > 0
          ? [{ type: 'body', parameters: c.template.parameters.map((text) => ({ type: 'text', text })) }]
          : undefined);
      return {
        ...base,
        type: 'template',
        template: {
          name: c.template.name,
          language: { code: c.template.language },
          ...(components ? { components } : {}),
        },
      };
    }
    case 'interactive':
      return { ...base, type: 'interactive', interactive: c.interactive };
    case 'media': {
      const { kind, link, caption, filename } = c.media;
      const media: Record<string, unknown> = { link };
      if (caption && kind !== 'audio' && kind !== 'sticker') media.caption = caption;
      if (filename && kind === 'document') media.filename = filename;
      return { ...base, type: kind, [kind]: media };
    }
  }
}

/** The Send API body (Messenger, and Instagram through the same platform). */
export function messagingRequest(to: string, body: OutboundBody): Record<string, unknown> {
  const c = body.content;
  const recipient = { id: to };
  if (c.type === 'read') return { recipient, sender_action: 'mark_seen' };
  const envelope = {
    recipient,
    messaging_type: body.messagingType ?? 'RESPONSE',
    ...(body.tag ? { tag: body.tag } : {}),
  };
  switch (c.type) {
    case 'text':
      return { ...envelope, message: { text: c.text } };
    case 'media': {
      const type = c.media.kind === 'document' ? 'file' : c.media.kind === 'sticker' ? 'image' : c.media.kind;
      return {
        ...envelope,
        message: { attachment: { type, payload: { url: c.media.link, is_reusable: false } } },
      };
    }
    case 'template':
      // Messenger has no WhatsApp templates: the rule's or agent's text stands in (see automation).
      return { ...envelope, message: { text: previewText(c) } };
    case 'interactive':
      return { ...envelope, message: { text: previewText(c) } };
  }
}
