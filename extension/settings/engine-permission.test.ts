import { describe, expect, it } from 'vitest';
import { engineOrigin, missingEngineAccess, originPattern, requestEngineAccess } from './engine-permission';

describe('translation engine host access', () => {
  it('asks only for the configured engine origin', () => {
    expect(engineOrigin({ engine: 'apertium', url: 'http://127.0.0.1:2737/some/path' })).toBe(
      'http://127.0.0.1:2737',
    );
    expect(engineOrigin({ engine: 'libretranslate', url: 'https://lt.example.org' })).toBe(
      'https://lt.example.org',
    );
    // DeepL's endpoint follows from the key (free keys end in ":fx") unless overridden.
    expect(engineOrigin({ engine: 'deepl', apiKey: 'abc:fx' })).toBe('https://api-free.deepl.com');
    expect(engineOrigin({ engine: 'deepl', apiKey: 'abc' })).toBe('https://api.deepl.com');
    expect(
      engineOrigin({ engine: 'deepl', apiKey: 'abc', url: 'https://proxy.example.org:8443/deepl' }),
    ).toBe('https://proxy.example.org:8443');
    // On-device translation and "off" reach no server.
    expect(engineOrigin({ engine: 'browser' })).toBeNull();
    expect(engineOrigin({ engine: 'none' })).toBeNull();
    expect(engineOrigin({})).toBeNull();
  });

  it('names the exact origin in Chrome and the host in Firefox (whose patterns have no port)', () => {
    expect(originPattern('http://127.0.0.1:2737', false)).toBe('http://127.0.0.1:2737/*');
    expect(originPattern('http://127.0.0.1:2737', true)).toBe('http://127.0.0.1/*');
    expect(originPattern('https://api.deepl.com', false)).toBe('https://api.deepl.com/*');
  });

  it('reports granted, refused and a failed request in words the form can show', async () => {
    const asked: string[][] = [];
    const api = (answer: boolean | Error) => ({
      async request({ origins }: { origins: string[] }) {
        asked.push(origins);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    });
    const deepl = { engine: 'deepl' as const, apiKey: 'k:fx' };
    expect(await requestEngineAccess(deepl, api(true), false)).toEqual({
      kind: 'granted',
      origin: 'https://api-free.deepl.com',
    });
    expect(await requestEngineAccess(deepl, api(false), false)).toEqual({
      kind: 'refused',
      origin: 'https://api-free.deepl.com',
    });
    expect(
      await requestEngineAccess(
        deepl,
        api(new Error('This function must be called during a user gesture')),
        false,
      ),
    ).toEqual({
      kind: 'failed',
      origin: 'https://api-free.deepl.com',
      message: 'This function must be called during a user gesture',
    });
    expect(asked).toEqual([
      ['https://api-free.deepl.com/*'],
      ['https://api-free.deepl.com/*'],
      ['https://api-free.deepl.com/*'],
    ]);
    // Nothing to ask for on-device.
    expect(await requestEngineAccess({ engine: 'browser' }, api(true), false)).toEqual({
      kind: 'not-needed',
    });
    expect(asked).toHaveLength(3);
  });

  it('tells which engine origin the browser has not granted', async () => {
    const granted = new Set(['http://127.0.0.1:2737/*']);
    const permissions = {
      async contains({ origins }: { origins?: string[] }) {
        return (origins ?? []).every((o) => granted.has(o));
      },
    };
    expect(
      await missingEngineAccess({ engine: 'apertium', url: 'http://127.0.0.1:2737' }, permissions, false),
    ).toBeNull();
    expect(await missingEngineAccess({ engine: 'deepl', apiKey: 'k' }, permissions, false)).toBe(
      'https://api.deepl.com',
    );
    expect(await missingEngineAccess({ engine: 'browser' }, permissions, false)).toBeNull();
  });
});
