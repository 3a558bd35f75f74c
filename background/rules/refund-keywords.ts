/**
 * Words customers use when asking for a return or a refund, in English, Spanish and Portuguese.
 * Written without accents (matching folds them). Bare "return"/"volver" are left out on purpose:
 * "I'll return tomorrow" is not a return request; the object-bearing phrases are.
 */
export const REFUND_KEYWORDS: readonly string[] = [
  // English
  'refund',
  'refunds',
  'refunded',
  'money back',
  'chargeback',
  'return it',
  'return this',
  'return them',
  'return the',
  'return my',
  'return an',
  'return a',
  'returns',
  'return label',
  'send it back',
  // Spanish
  'reembolso',
  'reembolsar',
  'reembolsen',
  'devolucion',
  'devoluciones',
  'devolver',
  'devolverlo',
  'devolverla',
  'quiero mi dinero',
  // Portuguese
  'estorno',
  'estornar',
  'devolucao',
  'devolucoes',
  'devolvam',
  'dinheiro de volta',
  'reembolsem',
];

/** Tags an agent may put on a customer to record a return or refund. */
export const REFUND_TAGS: readonly string[] = [
  'refund',
  'return',
  'reembolso',
  'devolucion',
  'devolucao',
  'estorno',
];
