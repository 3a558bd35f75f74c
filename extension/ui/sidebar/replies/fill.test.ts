import { describe, expect, it } from 'vitest';
import type { ReplyPart } from '../../../../background/replies/reply-types';
import { applyFills } from './fill';

const parts: ReplyPart[] = [
  { kind: 'text', text: 'Hola, ' },
  { kind: 'variable', key: 'customer.firstName', label: 'First name', value: 'Jane' },
  { kind: 'text', text: '. Pedido #' },
  { kind: 'variable', key: 'order.number', label: 'Order number' },
  { kind: 'text', text: ' en ' },
  { kind: 'variable', key: 'order.number', label: 'Order number' },
];

describe('applyFills', () => {
  it('keeps context values and marks the reply incomplete while a value is missing', () => {
    expect(applyFills(parts, {})).toEqual({
      text: 'Hola, Jane. Pedido #{{order.number}} en {{order.number}}',
      complete: false,
    });
  });

  it('uses the typed value everywhere the variable appears, trimmed', () => {
    expect(applyFills(parts, { 'order.number': ' 1234 ' })).toEqual({
      text: 'Hola, Jane. Pedido #1234 en 1234',
      complete: true,
    });
  });

  it('treats a blank entry as still missing', () => {
    expect(applyFills(parts, { 'order.number': '   ' }).complete).toBe(false);
  });

  it('never lets a typed value override what the context filled', () => {
    expect(applyFills(parts, { 'customer.firstName': 'Other', 'order.number': '1' }).text).toContain('Jane');
  });
});
