import { describe, expect, it, vi } from 'vitest';
import type { CapturedMessage } from '../../extension/api/protocol';
import type { TranslationSettingsRecord } from '../../extension/settings/translation';
import { createMemoryTemplateRepository } from '../suggestions/template-repository';
import { type TranslationEngine, TranslationUnavailableError } from '../translation/engine';
import { createMemoryCache } from '../translation/translation-cache';
import { type ConversationInput, createReplyService, firstNameOf } from './reply-service';

const message = (hostId: string, text: string, direction: 'in' | 'out' = 'in'): CapturedMessage => ({
  hostId,
  direction,
  sender: null,
  text,
  timestamp: null,
  quoted: null,
  media: null,
});

function setup(settings: TranslationSettingsRecord, browserHasTranslator = false) {
  const calls: Array<{ engine: string; texts: readonly string[]; from: string; to: string }> = [];
  const repository = createMemoryTemplateRepository();
  const service = createReplyService({
    repository,
    readSettings: async () => settings,
    translationCache: createMemoryCache(),
    browserHasTranslator: () => browserHasTranslator,
    createEngine: (choice): TranslationEngine | null =>
      choice === 'none'
        ? null
        : {
            id: choice,
            label: choice,
            async translate(texts, from, to) {
              calls.push({ engine: choice, texts, from, to });
              return texts.map((t) => `[${to}] ${t}`);
            },
            async available() {
              return { state: 'available', detail: '' };
            },
          },
  });
  return { service, calls, repository };
}

const spanish: ConversationInput = {
  messages: [message('m1', 'Hola, quiero un reembolso de mi pedido'), message('m2', 'ok', 'out')],
  customerName: 'Jane Doe',
  priority: false,
};

describe('reply service', () => {
  it("suggests the refund template in the customer's language with the first name filled", async () => {
    const { service, repository } = setup({});
    const result = await service.suggest(spanish, { agentLang: 'en' });
    expect(result.customerLang).toBe('es');
    expect(result.messages).toEqual([{ hostId: 'm1', text: spanish.messages[0]!.text, lang: 'es' }]);
    const refund = result.suggestions.find((s) => s.templateId === 'starter.refund');
    expect(refund?.lang).toBe('es');
    expect(refund?.text).toMatch(/^Lamento mucho lo ocurrido, Jane\. /);
    expect(refund?.missing.map((m) => m.key)).toEqual(['order.number', 'refund.days']);
    // Counted once per customer message, however often the sidebar refreshes.
    await service.suggest(spanish, { agentLang: 'en' });
    await service.flushStats();
    const stats = await repository.listStats();
    expect(stats.find((s) => s.templateId === 'starter.refund')?.suggested).toBe(1);
  });

  it("writes 'suggested' counts together, on its own after a while and with any other stats write", async () => {
    vi.useFakeTimers();
    try {
      const repository = createMemoryTemplateRepository();
      const saves = vi.spyOn(repository, 'saveStats');
      const service = createReplyService({
        repository,
        readSettings: async () => ({}),
        translationCache: createMemoryCache(),
        browserHasTranslator: () => false,
        statsFlushMs: 1_000,
      });
      const burst = [1, 2, 3].map((i) => ({
        ...spanish,
        messages: [message(`r${i}`, 'Hola, quiero un reembolso de mi pedido')],
      }));
      for (const conversation of burst) await service.suggest(conversation, { agentLang: 'en' });
      expect(saves).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(saves).toHaveBeenCalledTimes(1);
      const refund = async () =>
        (await repository.listStats()).find((s) => s.templateId === 'starter.refund');
      expect((await refund())?.suggested).toBe(3);

      await service.suggest(
        { ...spanish, messages: [message('r4', 'reembolso por favor')] },
        { agentLang: 'en' },
      );
      await service.recordTemplateChosen('starter.refund');
      expect(await refund()).toMatchObject({ suggested: 4, chosen: 1 });
      expect(saves).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('finds templates by shortcut in the customer language', async () => {
    const { service } = setup({});
    const result = await service.suggest(spanish, { agentLang: 'en', query: '/refund' });
    expect(result.suggestions.map((s) => s.templateId).sort()).toEqual([
      'starter.refund',
      'starter.refund-status',
    ]);
    expect(result.suggestions.every((s) => s.lang === 'es')).toBe(true);
  });

  it('translates only messages not in the agent language, with the chosen engine', async () => {
    const { service, calls } = setup({ engine: 'apertium', url: 'http://127.0.0.1:1' });
    const conversation = {
      ...spanish,
      messages: [...spanish.messages, message('m3', 'Thanks a lot for the help')],
    };
    const result = await service.translateMessages(conversation, ['m1', 'm3'], 'en');
    expect(result).toEqual({
      ok: true,
      engine: 'apertium',
      items: [
        { hostId: 'm1', lang: 'es', translation: '[en] Hola, quiero un reembolso de mi pedido' },
        { hostId: 'm3', lang: 'en' },
      ],
    });
    expect(calls).toEqual([{ engine: 'apertium', texts: [spanish.messages[0]!.text], from: 'es', to: 'en' }]);
  });

  it('sends customer text nowhere when no engine is chosen and the browser has none', async () => {
    const { service, calls } = setup({}, false);
    const result = await service.translateMessages(spanish, ['m1'], 'en');
    expect(result).toMatchObject({ ok: false, engine: 'none', reason: 'not-configured' });
    expect(calls).toEqual([]);
  });

  it('marks messages in a language the engine lacks, names the engines that have it, and translates the rest', async () => {
    const repository = createMemoryTemplateRepository();
    const service = createReplyService({
      repository,
      readSettings: async () => ({ engine: 'apertium', url: 'http://127.0.0.1:1' }),
      translationCache: createMemoryCache(),
      browserHasTranslator: () => false,
      // The real engine's verdict for Thai, without a server: Apertium has no such pair.
      createEngine: (): TranslationEngine => ({
        id: 'apertium',
        label: 'Apertium',
        async translate(texts, from, to) {
          if (from === 'th' || to === 'th') {
            throw new TranslationUnavailableError(`Apertium cannot translate ${from} → ${to}.`, {
              engineId: 'apertium',
              reason: 'unsupported-pair',
            });
          }
          return texts.map((t) => `[${to}] ${t}`);
        },
        async available() {
          return { state: 'available', detail: '' };
        },
      }),
    });
    const conversation: ConversationInput = {
      messages: [
        message('es1', 'Hola, quiero un reembolso de mi pedido'),
        message('th1', 'สวัสดีครับ ฉันอยากขอคืนเงินสำหรับคำสั่งซื้อของฉัน'),
      ],
      customerName: 'Jane',
      priority: false,
    };
    const result = await service.translateMessages(conversation, ['es1', 'th1'], 'en');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items.find((i) => i.hostId === 'es1')?.translation).toMatch(/^\[en\] Hola/);
    expect(result.items.find((i) => i.hostId === 'th1')).toEqual({
      hostId: 'th1',
      lang: 'th',
      unsupported: { from: 'th', to: 'en', alternatives: ['browser', 'libretranslate', 'deepl'] },
    });

    const draft = await service.translateText('Your refund is on its way', 'en', 'th');
    expect(draft).toMatchObject({
      ok: false,
      engine: 'apertium',
      reason: 'unsupported-pair',
      unsupported: { from: 'en', to: 'th', alternatives: ['browser', 'libretranslate', 'deepl'] },
    });
  });

  it('adds the engine origin to an unreachable engine when the browser has not granted access to it', async () => {
    const service = createReplyService({
      repository: createMemoryTemplateRepository(),
      readSettings: async () => ({ engine: 'deepl', apiKey: 'k' }),
      translationCache: createMemoryCache(),
      browserHasTranslator: () => false,
      missingHostAccess: async () => 'https://api.deepl.com',
      createEngine: (): TranslationEngine => ({
        id: 'deepl',
        label: 'DeepL',
        async translate() {
          throw new TranslationUnavailableError("Couldn't reach DeepL.", {
            engineId: 'deepl',
            reason: 'unreachable',
          });
        },
        async available() {
          return { state: 'unavailable', detail: '' };
        },
      }),
    });
    expect(await service.translateText('Hello', 'en', 'es')).toMatchObject({
      ok: false,
      reason: 'unreachable',
      accessMissing: 'https://api.deepl.com',
    });
    expect(await service.translateMessages(spanish, ['m1'], 'en')).toMatchObject({
      ok: false,
      accessMissing: 'https://api.deepl.com',
    });
  });

  it("defaults to the browser's on-device translator where it exists", async () => {
    const { service, calls } = setup({}, true);
    const result = await service.translateText('Hello', 'en', 'es');
    expect(result).toEqual({ ok: true, engine: 'browser', texts: ['[es] Hello'] });
    expect(calls[0]?.engine).toBe('browser');
  });

  it('records chosen, sent and edited use, and imports/exports personal templates', async () => {
    const { service, repository } = setup({});
    // Two insertions at once (two sidebars): neither count may be lost.
    await Promise.all([
      service.recordTemplateChosen('starter.refund'),
      service.recordTemplateChosen('starter.refund'),
    ]);
    await service.recordTemplateSent('starter.refund', false);
    await service.recordTemplateSent('starter.refund', true);
    const stats = (await repository.listStats()).find((s) => s.templateId === 'starter.refund');
    expect(stats).toMatchObject({ chosen: 2, sent: 2, editedBeforeSend: 1 });

    const exported = await service.exportTemplates();
    const bad = await service.importTemplates('{"nope":');
    expect(bad.ok).toBe(false);
    const file = JSON.parse(exported) as { templates: Array<{ id: string; shortcut: string }> };
    file.templates = [{ ...file.templates[0]!, id: 'mine.hello', shortcut: '/myhello' }];
    expect(await service.importTemplates(JSON.stringify(file))).toEqual({ ok: true, imported: 1 });
    const library = await service.listTemplates();
    expect(library.find((t) => t.id === 'mine.hello')?.source).toBe('personal');
    const found = await service.suggest(spanish, { agentLang: 'en', query: '/myhello' });
    expect(found.suggestions.map((s) => s.templateId)).toEqual(['mine.hello']);
  });

  it('exports the personal templates alone or the whole library, and words import problems plainly', async () => {
    const { service, repository } = setup({});
    const all = JSON.parse(await service.exportTemplates()) as { templates: Array<{ id: string }> };
    expect(all.templates.length).toBeGreaterThanOrEqual(25);
    expect(JSON.parse(await service.exportTemplates('personal')).templates).toEqual([]);

    const mine = { ...all.templates[0]!, id: 'mine.only', shortcut: '/mineonly', source: 'personal' };
    const team = { ...all.templates[1]!, id: 'team.one', shortcut: '/teamone', source: 'team' };
    await repository.save([mine, team] as never);
    const personal = JSON.parse(await service.exportTemplates('personal')) as {
      format: string;
      templates: Array<{ id: string }>;
    };
    expect(personal.format).toBe('switchboard.templates');
    expect(personal.templates.map((t) => t.id)).toEqual(['mine.only']);

    const bad = await service.importTemplates(
      JSON.stringify([{ ...mine, id: 'x', shortcut: 'refund', variants: [] }]),
    );
    expect(bad).toEqual({
      ok: false,
      problems: [
        'template 1 ("x"), shortcut: a shortcut is "/" followed by letters, digits, "_" or "-", e.g. /refund',
        'template 1 ("x"), variants: a template needs at least one language variant',
      ],
    });
  });
});

describe('firstNameOf', () => {
  it('takes the first word of a name but never of a phone number or handle', () => {
    expect(firstNameOf('Jane Doe')).toBe('Jane');
    expect(firstNameOf('  María José Pérez ')).toBe('María');
    expect(firstNameOf('+55 11 98765-4321')).toBeUndefined();
    expect(firstNameOf('@jane.doe')).toBeUndefined();
    expect(firstNameOf(null)).toBeUndefined();
  });
});
