import type { StringTable } from '../shared/hooks';

/**
 * Localized Messenger UI strings, for last-resort fallbacks only (host-apps-dom.md §2b: "Chats",
 * "Mark as read", "Unread message:", "Loading...", "Aa"; checked against the fixture's en/es/pt-BR).
 */
export type MessengerStringKey =
  | 'chats'
  | 'unreadHidden'
  | 'markRead'
  | 'messagesWith'
  | 'message'
  | 'youSent'
  | 'youReplied'
  | 'play';

export const MESSENGER_STRINGS: StringTable<MessengerStringKey> = {
  en: {
    chats: ['Chats'],
    unreadHidden: ['Unread message:'],
    markRead: ['Mark as read'],
    messagesWith: ['Messages in conversation with'],
    message: ['Message'],
    youSent: ['You sent'],
    youReplied: ['You replied to'],
    play: ['Play'],
  },
  es: {
    chats: ['Chats'],
    unreadHidden: ['Mensaje no leído:'],
    markRead: ['Marcar como leído'],
    messagesWith: ['Mensajes de la conversación con'],
    message: ['Mensaje'],
    youSent: ['Enviaste'],
    youReplied: ['Respondiste a'],
    play: ['Reproducir'],
  },
  pt: {
    chats: ['Conversas'],
    unreadHidden: ['Mensagem não lida:'],
    markRead: ['Marcar como lida'],
    messagesWith: ['Mensagens na conversa com'],
    message: ['Mensagem'],
    youSent: ['Você enviou'],
    youReplied: ['Você respondeu a'],
    play: ['Reproduzir'],
  },
};
