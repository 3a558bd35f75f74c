import { describe, expect, it } from 'vitest';
import { STARTER_TEMPLATES } from './starter-templates';
import { buildSuggestionIndex } from './suggestion-index';
import type { Template } from './template-model';
import { emptyStats, recordChosen, recordSuggested } from './template-stats';

const index = buildSuggestionIndex(STARTER_TEMPLATES);
const customer = { name: 'Ana Souza', refundsLast90Days: 0 };

function topIntents(text: string, extra: Parameters<typeof index.suggest>[0]['context'] = {}) {
  return index
    .suggest({ messages: [{ text }], context: { customer, ...extra } })
    .suggestions.map((s) => s.template.intent);
}

describe('suggest', () => {
  it.each([
    ['en', 'hi, where is my order? it has been a week', 'order_status'],
    ['en', 'I want a refund for the blue jacket', 'refund'],
    ['en', "I'd like to cancel my order please", 'cancellation'],
    ['es', 'quiero que me devuelvan el dinero, el reembolso cuándo?', 'refund'],
    ['es', 'la caja llegó rota y el vaso está quebrado 😡', 'damaged_item'],
    ['pt', 'cadê meu pedido? já faz uma semana', 'order_status'],
    ['pt', 'quero o reembolso da jaqueta azul', 'refund'],
    ['th', 'อยากได้เงินคืนค่ะ', 'refund'],
    ['th', 'ขอเปลี่ยนที่อยู่จัดส่งได้ไหมคะ', 'address_change'],
    ['vi', 'mình muốn hoàn tiền cái áo khoác xanh', 'refund'],
    ['vi', 'mình muốn hủy đơn hàng', 'cancellation'],
    ['vi', 'kiem tra giup minh tinh trang hoan tien voi', 'refund'],
    ['id', 'saya mau refund untuk jaket biru ini', 'refund'],
  ])('%s: "%s" → %s first', (_lang, text, intent) => {
    expect(topIntents(text)[0]).toBe(intent);
  });

  it('ranks a message the same whether its words were met before or not', () => {
    const fresh = buildSuggestionIndex(STARTER_TEMPLATES);
    const warmed = buildSuggestionIndex(STARTER_TEMPLATES);
    // Words shared with the message below, seen first in other messages.
    for (const text of ['my order is late', 'where is the refund', 'the jacket is broken']) {
      warmed.suggest({ messages: [{ text }] });
    }
    const ask = (i: typeof index) =>
      i
        .suggest({ messages: [{ text: 'refund for my broken order, the jacket' }], context: { customer } })
        .suggestions.map((s) => [s.template.id, s.score.toFixed(6)]);
    expect(ask(warmed)).toEqual(ask(fresh));
    expect(ask(fresh).length).toBeGreaterThan(0);
  });

  it('answers in the customer language, filled from context', () => {
    const result = index.suggest({
      messages: [{ text: 'hola, dónde está mi pedido?' }],
      context: { customer, order: { number: '4521', status: 'en camino' } },
    });
    expect(result.lang).toBe('es');
    const first = result.suggestions[0]!;
    expect(first.lang).toBe('es');
    expect(first.inCustomerLanguage).toBe(true);
    expect(first.filled.text).toBe(
      'Hola, Ana. Revisé el pedido #4521 y ahora mismo está en camino. Lo sigo de cerca y te aviso si hay cualquier cambio.',
    );
  });

  it('returns at most three, and prompts for what the context lacks', () => {
    const result = index.suggest({
      messages: [{ text: 'I want a refund, the item is broken' }],
      context: { customer },
    });
    expect(result.suggestions.length).toBeLessThanOrEqual(3);
    const refund = result.suggestions.find((s) => s.template.intent === 'refund')!;
    expect(refund.filled.missing.map((m) => m.key)).toEqual(['order.number', 'refund.days']);
  });

  it('falls back to English, marked, when the template has no variant in the customer language', () => {
    const result = index.suggest({ messages: [{ text: 'ขอใบกำกับภาษีด้วยครับ' }] });
    const invoice = result.suggestions.find((s) => s.template.intent === 'invoice')!;
    expect(invoice).toMatchObject({ lang: 'en', inCustomerLanguage: false });
  });

  it('gives a returning customer with several refunds the priority wording', () => {
    const messages = [{ text: 'I need a refund again, this is the third time' }];
    const regular = index.suggest({ messages, context: { customer: { name: 'Ana', refundsLast90Days: 0 } } });
    const returning = index.suggest({
      messages,
      context: { customer: { name: 'Ana', refundsLast90Days: 2 } },
    });
    const vip = index.suggest({ messages, context: { customer: { name: 'Ana', priority: true } } });
    expect(regular.priority).toBe(false);
    expect(regular.suggestions[0]?.variant.priority).toBeFalsy();
    expect(returning.priority).toBe(true);
    expect(returning.suggestions[0]?.variant.priority).toBe(true);
    expect(returning.suggestions[0]?.reasons).toContain('priority customer');
    expect(vip.suggestions[0]?.variant.priority).toBe(true);
  });

  it('uses earlier messages when the latest is just "ok 👍", newest counting most', () => {
    const result = index.suggest({
      messages: [{ text: 'o pagamento não passou' }, { text: 'ok 👍' }],
      context: { customer },
    });
    expect(result.lang).toBe('pt');
    expect(result.suggestions[0]?.template.intent).toBe('payment_failed');
    const latest = index.suggest({
      messages: [{ text: 'where is my order?' }, { text: 'actually please cancel it' }],
      context: { customer },
    });
    expect(latest.suggestions[0]?.template.intent).toBe('cancellation');
  });

  it('puts the after-hours reply first outside opening hours', () => {
    expect(topIntents('where is my order?', { afterHours: true })[0]).toBe('after_hours');
  });

  it('suggests nothing rather than noise', () => {
    expect(index.suggest({ messages: [{ text: '👍' }] }).suggestions).toEqual([]);
    expect(index.suggest({ messages: [] }).suggestions).toEqual([]);
  });

  it('breaks ties with how often agents accepted a template', () => {
    const a: Template = {
      ...STARTER_TEMPLATES.find((t) => t.id === 'starter.refund')!,
      id: 'refund-a',
      shortcut: '/ra',
    };
    const b: Template = { ...a, id: 'refund-b', shortcut: '/rb' };
    let liked = emptyStats('refund-b');
    for (let i = 0; i < 10; i++) liked = recordChosen(recordSuggested(liked));
    const tied = buildSuggestionIndex([a, b], { stats: new Map([['refund-b', liked]]) });
    expect(tied.suggest({ messages: [{ text: 'refund please' }] }).suggestions[0]?.template.id).toBe(
      'refund-b',
    );
  });
});

describe('shortcuts and search', () => {
  it('finds templates by shortcut prefix, exact match first', () => {
    expect(index.byShortcut('/refund').map((s) => s.template.shortcut)).toEqual(['/refund', '/refundstatus']);
    expect(index.byShortcut('/RE', { lang: 'es' }).map((s) => s.template.shortcut)).toEqual([
      '/refund',
      '/refundstatus',
      '/restock',
      '/return',
    ]);
    expect(index.byShortcut('/re', { lang: 'es' })[0]?.lang).toBe('es');
  });

  it('searches free text in a language, accent-insensitively', () => {
    expect(index.search('devolucion', { lang: 'es' })[0]?.template.intent).toBe('return');
    expect(index.search('/track')[0]?.template.id).toBe('starter.tracking');
    expect(index.search('คืนเงิน', { lang: 'th' })[0]?.template.intent).toBe('refund');
  });
});
