import { ApiError } from '../../api/errors';
import type { Channel } from '../../storage/schema';
import type { OutboundBody, OutboundContent } from './outbound';

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HUMAN_AGENT_WINDOW_MS = 7 * SERVICE_WINDOW_MS;

function ago(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.floor(hours)} h ago` : `${Math.floor(hours / 24)} days ago`;
}

/**
 * Decides whether `content` may go out now, given when the customer last wrote. WhatsApp: free
 * text only within 24 h, templates any time. Messenger/Instagram: inside 24 h as a RESPONSE; a
 * human agent may answer up to 7 days later with the HUMAN_AGENT tag; automation may not.
 */
export function applyWindow(
  channel: Channel,
  content: OutboundContent,
  lastCustomerMessageAt: number | null,
  now: number,
  sender: 'human' | 'automation',
): OutboundBody {
  if (content.type === 'read') return { content };
  const since = lastCustomerMessageAt === null ? Number.POSITIVE_INFINITY : now - lastCustomerMessageAt;
  const last = lastCustomerMessageAt === null ? 'has never written' : `last wrote ${ago(since)}`;
  if (channel === 'whatsapp') {
    if (content.type === 'template' || since <= SERVICE_WINDOW_MS) return { content };
    throw new ApiError(
      422,
      'outside_window',
      `The customer ${last}: WhatsApp allows free-form messages only within 24 h of the customer's last message. Send an approved template instead (type "template").`,
      {
        lastCustomerMessageAt,
        windowClosedAt: lastCustomerMessageAt === null ? null : lastCustomerMessageAt + SERVICE_WINDOW_MS,
        allowed: ['template'],
      },
    );
  }
  if (since <= SERVICE_WINDOW_MS) return { content, messagingType: 'RESPONSE' };
  if (sender === 'human' && since <= HUMAN_AGENT_WINDOW_MS) {
    return { content, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  }
  throw new ApiError(
    422,
    'outside_window',
    sender === 'human'
      ? `The customer ${last}: ${channel === 'instagram' ? 'Instagram' : 'Messenger'} allows replies within 24 h, or up to 7 days with the HUMAN_AGENT tag. Wait for the customer to write again.`
      : `The customer ${last}: automatic messages are allowed only within 24 h of the customer's last message.`,
    {
      lastCustomerMessageAt,
      windowClosedAt:
        lastCustomerMessageAt === null
          ? null
          : lastCustomerMessageAt + (sender === 'human' ? HUMAN_AGENT_WINDOW_MS : SERVICE_WINDOW_MS),
      allowed: [],
    },
  );
}
