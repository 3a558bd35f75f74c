import { describe, expect, it } from 'vitest';
import { STARTER_TEMPLATES } from './starter-templates';
import { validateTemplates } from './template-io';
import { listVariables } from './template-variables';

describe('starter templates', () => {
  it('are valid, with unique ids and shortcuts', () => {
    const result = validateTemplates(STARTER_TEMPLATES);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('cover at least 25 questions in English, Spanish and Portuguese', () => {
    expect(STARTER_TEMPLATES.length).toBeGreaterThanOrEqual(25);
    for (const template of STARTER_TEMPLATES) {
      const langs = template.variants.filter((v) => !v.priority).map((v) => v.lang);
      expect(langs, template.id).toEqual(expect.arrayContaining(['en', 'es', 'pt']));
    }
  });

  it('have Thai and Vietnamese for the ten most common conversations', () => {
    const common = [
      'greeting',
      'closing',
      'order_status',
      'tracking',
      'delivery_delay',
      'refund',
      'return',
      'payment_failed',
      'address_change',
      'cancellation',
    ];
    for (const intent of common) {
      const template = STARTER_TEMPLATES.find((t) => t.intent === intent);
      const langs = template?.variants.map((v) => v.lang);
      expect(langs, intent).toEqual(expect.arrayContaining(['th', 'vi']));
    }
  });

  it('use the same variables in every language of a template', () => {
    for (const template of STARTER_TEMPLATES) {
      for (const priority of [false, true]) {
        const sets = template.variants
          .filter((v) => Boolean(v.priority) === priority)
          .map((v) => listVariables(v.body).sort().join(','));
        expect(new Set(sets).size, `${template.id}${priority ? ' (priority)' : ''}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('have priority wording for the conversations where a repeat problem hurts most', () => {
    for (const id of ['starter.refund', 'starter.return', 'starter.delivery-delay', 'starter.damaged-item']) {
      const template = STARTER_TEMPLATES.find((t) => t.id === id);
      expect(
        template?.variants.filter((v) => v.priority).map((v) => v.lang),
        id,
      ).toEqual(expect.arrayContaining(['en', 'es', 'pt']));
    }
  });
});
