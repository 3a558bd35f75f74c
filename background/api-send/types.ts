/** What the sidebar's "Send through WhatsApp Business API" panel reads and calls (ApiSendMethods). */

export type ApiDeliveryState = 'queued' | 'sending' | 'unknown' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ApiTemplateView {
  name: string;
  language: string;
  category: string;
  /** Approved body text with {{1}}, {{2}}… placeholders. */
  body: string;
  parameterCount: number;
}

export interface ApiMessageView {
  id: string;
  type: string;
  /** What was sent, as plain text (shown as text, never as HTML). */
  text: string | null;
  state: ApiDeliveryState;
  errorCode: string | null;
  errorReason: string | null;
  createdAt: number;
}

export interface ApiSendView {
  conversationId: string;
  channel: 'whatsapp' | 'messenger' | 'instagram';
  /** The organisation has a Business API account that would send in this conversation. */
  connected: boolean;
  /** Free text is allowed (the customer wrote within 24 h); outside it only a template may go. */
  windowOpen: boolean;
  windowClosesAt: number | null;
  templates: ApiTemplateView[];
  /** Outbound API messages of this conversation, oldest first. */
  messages: ApiMessageView[];
}

export interface ApiTemplateSend {
  conversationId: string;
  name: string;
  language: string;
  parameters: string[];
  /** Made once per click in the sidebar and reused by every retry of that click. */
  idempotencyKey: string;
}

export interface ApiSendMethods {
  /** Templates, window and delivery states for this tab's open chat; null unless team mode knows it. */
  getApiSend(): Promise<ApiSendView | null>;
  /** Sends an approved template through the backend; the same key never sends twice. */
  sendApiTemplate(input: ApiTemplateSend): Promise<ApiMessageView>;
}
