/** Pure helpers of the "Send through WhatsApp Business API" panel. */
import type {
  ApiDeliveryState,
  ApiMessageView,
  ApiTemplateView,
} from '../../../../background/api-send/types';
import type { MessageKey } from '../../../i18n/messages';

/** The template body with parameters filled in; an empty parameter stays visible as {{n}}. */
export function fillTemplate(body: string, parameters: readonly string[]): string {
  return body.replace(/\{\{\s*(\d{1,2})\s*\}\}/g, (whole, n: string) => {
    const value = parameters[Number(n) - 1]?.trim();
    return value ? value : whole.replace(/\s+/g, '');
  });
}

/** Every parameter the template needs is filled (Meta rejects empty ones). */
export function readyToSend(template: ApiTemplateView | undefined, parameters: readonly string[]): boolean {
  if (!template) return false;
  for (let i = 0; i < template.parameterCount; i++) if (!parameters[i]?.trim()) return false;
  return true;
}

export function templateKey(t: Pick<ApiTemplateView, 'name' | 'language'>): string {
  return `${t.name}|${t.language}`;
}

/** One key per click: reused only when the agent retries the same send after a failure. */
export function newIdempotencyKey(random: () => string = () => crypto.randomUUID()): string {
  return `sb-${random()}`;
}

export const STATE_KEYS: Record<ApiDeliveryState, MessageKey> = {
  queued: 'apiSend.state.queued',
  sending: 'apiSend.state.sending',
  unknown: 'apiSend.state.unknown',
  sent: 'apiSend.state.sent',
  delivered: 'apiSend.state.delivered',
  read: 'apiSend.state.read',
  failed: 'apiSend.state.failed',
};

/** The steps shown as a progress line; failed replaces whatever comes after. */
export const STEPS: readonly ApiDeliveryState[] = ['queued', 'sent', 'delivered', 'read'];

export function stepReached(state: ApiDeliveryState, step: ApiDeliveryState): boolean {
  const rank: Record<ApiDeliveryState, number> = {
    queued: 0,
    sending: 0,
    unknown: 0,
    sent: 1,
    delivered: 2,
    read: 3,
    failed: -1,
  };
  return state !== 'failed' && rank[state] >= rank[step];
}

/** States that can still change (the panel keeps a slow safety poll while any is showing). */
export function settled(messages: readonly ApiMessageView[]): boolean {
  return messages.every((m) => m.state === 'read' || m.state === 'failed');
}

/** Meta's error codes the agent can act on, in plain words; others show Meta's own reason. */
export function failureKey(code: string | null): MessageKey | null {
  switch (code) {
    case '131047':
    case '470':
      return 'apiSend.err.window';
    case '131026':
      return 'apiSend.err.undeliverable';
    case '132001':
    case '132000':
    case '132012':
      return 'apiSend.err.template';
    case '130429':
    case '131056':
    case '80007':
    case '4':
      return 'apiSend.err.rate';
    case '190':
      return 'apiSend.err.token';
    default:
      return null;
  }
}
