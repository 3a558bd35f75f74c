/**
 * UI strings. English is the reference; every other locale must have every key (a unit test
 * checks). Customer text never goes through here.
 */
const en = {
  appName: 'Switchboard',
  'host.whatsapp': 'WhatsApp',
  'host.messenger': 'Messenger',
  'host.instagram': 'Instagram',
  'sidebar.collapse': 'Collapse sidebar',
  'sidebar.expand': 'Expand Switchboard sidebar',
  'sidebar.shortcut': 'Shortcut: Alt+Shift+S',
  'account.unknown': 'Account not identified yet',
  'account.label': 'Account',
  'customer.heading': 'Customer',
  'customer.none': 'Open a chat to see who you are talking to.',
  'customer.placeholder': 'Customer details will appear here.',
  'health.cantRead': "Switchboard can't read this page yet.",
  'health.missing': 'Missing: {list}',
  'status.connected': 'Connected to the extension ({ms} ms)',
  'status.connecting': 'Connecting…',
  'status.error': 'The extension background is not answering: {message}',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;

const es: Catalog = {
  appName: 'Switchboard',
  'host.whatsapp': 'WhatsApp',
  'host.messenger': 'Messenger',
  'host.instagram': 'Instagram',
  'sidebar.collapse': 'Contraer la barra lateral',
  'sidebar.expand': 'Expandir la barra lateral de Switchboard',
  'sidebar.shortcut': 'Atajo: Alt+Mayús+S',
  'account.unknown': 'Cuenta aún no identificada',
  'account.label': 'Cuenta',
  'customer.heading': 'Cliente',
  'customer.none': 'Abre un chat para ver con quién hablas.',
  'customer.placeholder': 'Aquí aparecerán los datos del cliente.',
  'health.cantRead': 'Switchboard todavía no puede leer esta página.',
  'health.missing': 'Falta: {list}',
  'status.connected': 'Conectado a la extensión ({ms} ms)',
  'status.connecting': 'Conectando…',
  'status.error': 'El proceso de la extensión no responde: {message}',
};

const pt: Catalog = {
  appName: 'Switchboard',
  'host.whatsapp': 'WhatsApp',
  'host.messenger': 'Messenger',
  'host.instagram': 'Instagram',
  'sidebar.collapse': 'Recolher a barra lateral',
  'sidebar.expand': 'Expandir a barra lateral do Switchboard',
  'sidebar.shortcut': 'Atalho: Alt+Shift+S',
  'account.unknown': 'Conta ainda não identificada',
  'account.label': 'Conta',
  'customer.heading': 'Cliente',
  'customer.none': 'Abra uma conversa para ver com quem está falando.',
  'customer.placeholder': 'Os dados do cliente aparecerão aqui.',
  'health.cantRead': 'O Switchboard ainda não consegue ler esta página.',
  'health.missing': 'Faltando: {list}',
  'status.connected': 'Conectado à extensão ({ms} ms)',
  'status.connecting': 'Conectando…',
  'status.error': 'O processo da extensão não está respondendo: {message}',
};

export const catalogs = { en, es, pt } satisfies Record<string, Catalog>;
export type Locale = keyof typeof catalogs;

export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base && base in catalogs) return base as Locale;
  }
  return 'en';
}

export function translator(locale: Locale) {
  const catalog: Catalog = catalogs[locale];
  return (key: MessageKey, params: Record<string, string | number> = {}): string =>
    catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export type Translate = ReturnType<typeof translator>;
