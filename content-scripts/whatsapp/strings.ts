import type { StringTable } from '../shared/hooks';

/**
 * Localized UI strings WhatsApp Web prints in attributes, used only by the LAST fallback of a hook.
 * Sources: host-apps-dom.md §1b ("Chat list", "Quoted message", "Open picture", "Type a message",
 * pt-BR "Digitar na conversa"), checked against the fixtures' en/es/pt-BR tables.
 */
export type WhatsAppStringKey =
  | 'chatList'
  | 'composerTitle'
  | 'composerLabel'
  | 'quoted'
  | 'openPicture'
  | 'playVoice'
  | 'unread';

export const WHATSAPP_STRINGS: StringTable<WhatsAppStringKey> = {
  en: {
    chatList: ['Chat list'],
    composerTitle: ['Type a message'],
    composerLabel: ['Type to '],
    quoted: ['Quoted message'],
    openPicture: ['Open picture'],
    playVoice: ['Play voice message'],
    unread: ['unread message'],
  },
  es: {
    chatList: ['Lista de chats'],
    composerTitle: ['Escribe un mensaje'],
    composerLabel: ['Escribe a '],
    quoted: ['Mensaje citado'],
    openPicture: ['Abrir imagen'],
    playVoice: ['Reproducir mensaje de voz'],
    unread: ['no leído'],
  },
  pt: {
    chatList: ['Lista de conversas'],
    composerTitle: ['Digite uma mensagem'],
    composerLabel: ['Digitar na conversa'],
    quoted: ['Mensagem citada'],
    openPicture: ['Abrir imagem'],
    playVoice: ['Reproduzir mensagem de voz'],
    unread: ['não lida'],
  },
};
