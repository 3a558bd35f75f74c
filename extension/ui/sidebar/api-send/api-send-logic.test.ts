import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../i18n/messages';
import {
  failureKey,
  fillTemplate,
  newIdempotencyKey,
  readyToSend,
  STATE_KEYS,
  settled,
  stepReached,
} from './api-send-logic';

const template = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  body: 'Hi {{1}}, order {{2}}.',
  parameterCount: 2,
};

describe('api-send logic', () => {
  it('fills parameters in order and keeps missing ones visible', () => {
    expect(fillTemplate(template.body, ['Ana', '#42'])).toBe('Hi Ana, order #42.');
    expect(fillTemplate(template.body, ['Ana'])).toBe('Hi Ana, order {{2}}.');
    expect(fillTemplate('{{ 1 }}', ['  '])).toBe('{{1}}');
    // Text stays text: markup is not interpreted here (JSX renders it as a text node).
    expect(fillTemplate('{{1}}', ['<b>x</b>'])).toBe('<b>x</b>');
  });

  it('is ready only when every parameter is filled', () => {
    expect(readyToSend(undefined, [])).toBe(false);
    expect(readyToSend(template, ['Ana'])).toBe(false);
    expect(readyToSend(template, ['Ana', ' '])).toBe(false);
    expect(readyToSend(template, ['Ana', '#42'])).toBe(true);
  });

  it('orders delivery steps; failed reaches none', () => {
    expect(stepReached('delivered', 'sent')).toBe(true);
    expect(stepReached('delivered', 'read')).toBe(false);
    expect(stepReached('sending', 'queued')).toBe(true);
    expect(stepReached('failed', 'queued')).toBe(false);
    expect(settled([])).toBe(true);
    expect(
      settled([
        { id: '1', type: 't', text: null, state: 'sent', errorCode: null, errorReason: null, createdAt: 0 },
      ]),
    ).toBe(false);
  });

  it('explains actionable Meta errors in plain words and has every string in every locale', () => {
    expect(failureKey('131047')).toBe('apiSend.err.window');
    expect(failureKey('131026')).toBe('apiSend.err.undeliverable');
    expect(failureKey('999')).toBeNull();
    for (const catalog of Object.values(catalogs)) {
      for (const key of Object.values(STATE_KEYS)) expect(catalog[key]).toBeTruthy();
      for (const code of ['131047', '131026', '132001', '130429', '190']) {
        const key = failureKey(code);
        expect(key && catalog[key]).toBeTruthy();
      }
    }
  });

  it('makes a fresh idempotency key per click', () => {
    expect(newIdempotencyKey(() => 'abc-123')).toBe('sb-abc-123');
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
