import { describe, expect, it } from 'vitest';
import type { Template } from './template-model';
import {
  countsBetween,
  emptyStats,
  findTemplatesNeedingReview,
  pruneDaily,
  recordChosen,
  recordSent,
  recordSuggested,
  type TemplateStats,
  templateHealth,
} from './template-stats';

const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

function template(id: string, reviewedAt?: string): Template {
  return {
    id,
    shortcut: `/${id}`,
    title: `Template ${id}`,
    intent: 'refund',
    tags: [],
    variants: [{ lang: 'en', body: 'x' }],
    source: 'team',
    updatedAt: '2026-06-01T00:00:00.000Z',
    ...(reviewedAt ? { reviewedAt } : {}),
  };
}

/** `suggested` suggestions spread over the window, of which `chosen` were taken. */
function usage(stats: TemplateStats, fromDaysAgo: number, suggested: number, chosen: number): TemplateStats {
  let s = stats;
  for (let i = 0; i < suggested; i++) {
    const at = daysAgo(fromDaysAgo - (i % 25));
    s = recordSuggested(s, at);
    if (i < chosen) s = recordChosen(s, at);
  }
  return s;
}

describe('template stats', () => {
  it('counts suggested, chosen, sent and edited-before-send', () => {
    let s = emptyStats('a');
    for (let i = 0; i < 4; i++) s = recordChosen(recordSuggested(s, now), now);
    s = recordSent(s, true, now);
    s = recordSent(s, false, now);
    expect(s).toMatchObject({
      suggested: 4,
      chosen: 4,
      sent: 2,
      editedBeforeSend: 1,
      lastChosenAt: now.toISOString(),
    });
    // Edits are judged on what was sent; the two never sent are chosen-not-sent.
    expect(templateHealth(template('a'), s)).toMatchObject({ sent: 2, acceptanceRate: 1, editRate: 0.5 });
    expect(countsBetween(s, daysAgo(1), daysAgo(-1))).toMatchObject({
      suggested: 4,
      chosen: 4,
      sent: 2,
      edited: 1,
      acceptanceRate: 1,
    });
  });

  it('reads stats saved before sends were tracked (no sent counts) without inventing rates', () => {
    const old: TemplateStats = {
      templateId: 'old',
      suggested: 3,
      chosen: 2,
      editedBeforeSend: 0,
      daily: { [now.toISOString().slice(0, 10)]: { suggested: 3, chosen: 2, edited: 0 } },
    };
    expect(templateHealth(template('old'), old)).toMatchObject({ sent: 0, chosen: 2 });
    expect(templateHealth(template('old'), old).editRate).toBeUndefined();
    const next = recordSent(old, false, now);
    expect(next.sent).toBe(1);
    expect(countsBetween(next, daysAgo(1), daysAgo(-1)).sent).toBe(1);
  });

  it('flags templates not reviewed for 90 days (or never reviewed and not edited since)', () => {
    const flags = findTemplatesNeedingReview(
      [
        template('fresh', daysAgo(10).toISOString()),
        template('stale', daysAgo(120).toISOString()),
        template('never'),
      ],
      [],
      now,
    );
    expect(flags.map((f) => f.templateId)).toEqual(['stale']);
    expect(flags[0]?.reasons[0]).toMatchObject({ kind: 'not-reviewed', days: 120 });
    const later = findTemplatesNeedingReview([template('never')], [], new Date('2026-09-01T00:00:00Z'));
    expect(later.map((f) => f.templateId)).toEqual(['never']);
  });

  it('flags templates whose acceptance fell between the previous and the recent window', () => {
    const reviewed = daysAgo(5).toISOString();
    const dropped = usage(usage(emptyStats('dropped'), 59, 40, 30), 29, 40, 10); // 75% → 25%
    const steady = usage(usage(emptyStats('steady'), 59, 40, 20), 29, 40, 18); // 50% → 45%
    const rare = usage(usage(emptyStats('rare'), 59, 5, 5), 29, 5, 0); // too few to tell
    const flags = findTemplatesNeedingReview(
      [template('dropped', reviewed), template('steady', reviewed), template('rare', reviewed)],
      [dropped, steady, rare],
      now,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      templateId: 'dropped',
      reasons: [{ kind: 'acceptance-dropped', previousRate: 0.75, recentRate: 0.25 }],
    });
  });

  it('prunes old daily buckets', () => {
    const s = recordSuggested(recordSuggested(emptyStats('a'), daysAgo(200)), now);
    expect(Object.keys(pruneDaily(s, now).daily)).toHaveLength(1);
  });
});
