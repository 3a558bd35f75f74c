import type { StringTable } from '../shared/hooks';

/**
 * Localized Instagram UI strings for last-resort fallbacks only (host-apps-dom.md §3b; the
 * instagram-dm-unsender keeps the same kind of per-language table). en/es/pt checked against the fixture.
 */
export type InstagramStringKey =
  | 'conversationWith'
  | 'messagesWith'
  | 'message'
  | 'placeholder'
  | 'youSent'
  | 'youReplied'
  | 'play'
  | 'openProfile';

export const INSTAGRAM_STRINGS: StringTable<InstagramStringKey> = {
  en: {
    conversationWith: ['Conversation with'],
    messagesWith: ['Messages in conversation with'],
    message: ['Message'],
    placeholder: ['Message...'],
    youSent: ['You sent'],
    youReplied: ['You replied to'],
    play: ['Play'],
    openProfile: ['Open the profile page of'],
  },
  es: {
    conversationWith: ['Conversación con'],
    messagesWith: ['Mensajes de la conversación con'],
    message: ['Mensaje'],
    placeholder: ['Mensaje...'],
    youSent: ['Enviaste'],
    youReplied: ['Respondiste a'],
    play: ['Reproducir'],
    openProfile: ['Abrir la página de perfil de'],
  },
  pt: {
    conversationWith: ['Conversa com'],
    messagesWith: ['Mensagens na conversa com'],
    message: ['Mensagem'],
    placeholder: ['Mensagem...'],
    youSent: ['Você enviou'],
    youReplied: ['Você respondeu a'],
    play: ['Reproduzir'],
    openProfile: ['Abrir a página do perfil de'],
  },
};
