import { describe, expect, it } from 'vitest';
import { translator } from '../../../i18n/messages';
import { engineAccessProblem, translationProblemText } from './translation-problem';

const thaiOnApertium = {
  engine: 'apertium' as const,
  reason: 'unsupported-pair',
  message: 'Apertium at http://127.0.0.1:2737 cannot translate th → en: that language pair is not installed.',
  unsupported: { from: 'th', to: 'en', alternatives: ['browser', 'libretranslate', 'deepl'] as const },
};

describe('translation problems in words', () => {
  it('names the engine, the pair and the engines that can translate it, in the agent language', () => {
    const problem = {
      ...thaiOnApertium,
      unsupported: {
        ...thaiOnApertium.unsupported,
        alternatives: [...thaiOnApertium.unsupported.alternatives],
      },
    };
    expect(translationProblemText(translator('en'), problem)).toBe(
      'Apertium (self-hosted) cannot translate Thai → English. Engines that can, where their server or plan ' +
        'offers the pair: On-device (browser), LibreTranslate, DeepL. Choose one in translation settings.',
    );
    expect(
      translationProblemText(translator('es'), {
        ...problem,
        unsupported: { ...problem.unsupported, to: 'es' },
      }),
    ).toMatch(/^Apertium \(propio\) no puede traducir tailandés → español\. Motores que sí pueden/);
    expect(
      translationProblemText(translator('pt'), {
        ...problem,
        unsupported: { ...problem.unsupported, from: 'vi', to: 'pt' },
      }),
    ).toMatch(/não consegue traduzir vietnamita → português\./);
  });

  it('says so when no engine offers the pair, and keeps the other messages', () => {
    const t = translator('en');
    expect(
      translationProblemText(t, {
        ...thaiOnApertium,
        unsupported: { from: 'th', to: 'xx', alternatives: [] },
      }),
    ).toMatch(/None of the engines Switchboard supports offers this pair\.$/);
    expect(translationProblemText(t, { engine: 'none', reason: 'not-configured', message: '' })).toBe(
      'Translation is off. Choose an engine in translation settings.',
    );
    expect(translationProblemText(t, { engine: 'deepl', reason: 'unreachable', message: 'down' })).toBe(
      'Translation engine unreachable: down',
    );
    expect(
      translationProblemText(t, {
        engine: 'deepl',
        reason: 'unreachable',
        message: 'down',
        accessMissing: 'https://api.deepl.com',
      }),
    ).toBe(
      'Translation engine unreachable: down Switchboard has not been allowed to reach https://api.deepl.com. ' +
        'If that server sends no CORS headers (DeepL does not), save the translation settings again and choose Allow.',
    );
  });

  it('explains refused access to the engine server', () => {
    const t = translator('en');
    expect(engineAccessProblem(t, { kind: 'refused', origin: 'https://api.deepl.com' })).toBe(
      'Switchboard needs your permission to reach https://api.deepl.com. Nothing was saved: save again and choose Allow.',
    );
    expect(engineAccessProblem(t, { kind: 'granted', origin: 'https://api.deepl.com' })).toBeNull();
    expect(engineAccessProblem(t, { kind: 'not-needed' })).toBeNull();
  });
});
