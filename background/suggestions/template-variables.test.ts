import { describe, expect, it } from 'vitest';
import { fillTemplate, listVariables, parseTemplate, variableLabel } from './template-variables';

describe('listVariables', () => {
  it('lists distinct keys in order, tolerating spaces', () => {
    expect(
      listVariables('Hi {{customer.firstName}}, order {{ order.number }} for {{customer.firstName}}'),
    ).toEqual(['customer.firstName', 'order.number']);
  });

  it('never throws on malformed braces and keeps them as text', () => {
    const bodies = [
      '{{',
      '}}',
      '{{}}',
      '{{ }}',
      '{{customer.',
      '{{not a key}}',
      '{{a{{b}}',
      '{{{x}}}',
      '{x}',
      '{{1abc}}',
    ];
    for (const body of bodies) expect(() => listVariables(body)).not.toThrow();
    expect(listVariables('{{not a key}} {{customer.name')).toEqual([]);
    expect(listVariables('{{a {{order.number}}')).toEqual(['order.number']);
    expect(listVariables('{{{agent.name}}}')).toEqual(['agent.name']);
  });

  it('reads a fallback after "|"', () => {
    const parts = parseTemplate('Hi {{customer.firstName|there}}!');
    expect(parts[1]).toMatchObject({ kind: 'variable', key: 'customer.firstName', fallback: 'there' });
  });
});

describe('fillTemplate', () => {
  const context = {
    customer: { name: 'Maria Souza' },
    order: { number: 4521, status: 'shipped' },
    agent: { name: 'Lee' },
  };

  it('fills from context, deriving the first name from the full name', () => {
    const result = fillTemplate(
      'Hi {{customer.firstName}}, order #{{order.number}} is {{order.status}}. {{agent.name}}',
      context,
    );
    expect(result.text).toBe('Hi Maria, order #4521 is shipped. Lee');
    expect(result.missing).toEqual([]);
  });

  it('returns missing values as fill-in prompts and leaves them visible in the text', () => {
    const result = fillTemplate(
      'Track it: {{order.trackingUrl}} ({{order.trackingUrl}}) {{gift.wrapNote}}',
      context,
    );
    expect(result.text).toBe('Track it: {{order.trackingUrl}} ({{order.trackingUrl}}) {{gift.wrapNote}}');
    expect(result.missing).toEqual([
      { key: 'order.trackingUrl', label: 'Tracking link' },
      { key: 'gift.wrapNote', label: 'Gift wrap note' },
    ]);
  });

  it('uses the fallback when the value is unknown or blank', () => {
    expect(fillTemplate('Hi {{customer.firstName|there}}', {}).text).toBe('Hi there');
    expect(fillTemplate('Hi {{customer.firstName|there}}', { customer: { firstName: '  ' } }).text).toBe(
      'Hi there',
    );
  });

  it('does not reach into prototypes or objects', () => {
    const result = fillTemplate('{{customer.constructor}} {{customer}}', context);
    expect(result.missing.map((m) => m.key)).toEqual(['customer.constructor', 'customer']);
  });

  it('keeps malformed text exactly', () => {
    const result = fillTemplate('50% off {{ oops }} {{', context);
    expect(result.text).toBe('50% off {{ oops }} {{');
    expect(result.missing.map((m) => m.key)).toEqual(['oops']);
  });

  it('labels unknown keys readably', () => {
    expect(variableLabel('order.giftMessage')).toBe('Order gift message');
  });
});
