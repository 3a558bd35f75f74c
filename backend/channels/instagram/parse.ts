import { parseMessaging } from '../messenger/parse';
import type { InboundItem } from '../shared/types';

/** Instagram messaging events use the Messenger envelope under `object: instagram`. */
export function parseInstagram(payload: unknown, now: number): InboundItem[] {
  return parseMessaging(payload, 'instagram', now);
}
