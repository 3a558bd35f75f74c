/**
 * Usage of each template: how often it was suggested, chosen (inserted into the composer), sent,
 * and edited before sending (background/replies/sent-reply-matcher.ts decides "sent" and
 * "edited" from the agent's next outgoing message). Counts are also kept per day (UTC) so a recent window can be compared with the one before it — a
 * template whose acceptance fell has probably gone stale (a policy changed, a link broke).
 * All functions are pure: they return new stats objects for the repository to save.
 */
import type { Template } from './template-model';

export interface DailyCounts {
  suggested: number;
  chosen: number;
  /** Absent in stats saved before sends were tracked: read as 0. */
  sent?: number;
  edited: number;
}

export interface TemplateStats {
  templateId: string;
  suggested: number;
  chosen: number;
  /** Chosen and then sent; chosen − sent were inserted but never sent. Absent in older stats. */
  sent?: number;
  /** Sent with a wording different from what was inserted (a subset of `sent`). */
  editedBeforeSend: number;
  lastSuggestedAt?: string;
  lastChosenAt?: string;
  /** "YYYY-MM-DD" (UTC) → counts; pruned to what the review windows need. */
  daily: Record<string, DailyCounts>;
}

const DAY_MS = 86_400_000;

export function emptyStats(templateId: string): TemplateStats {
  return { templateId, suggested: 0, chosen: 0, sent: 0, editedBeforeSend: 0, daily: {} };
}

function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function bump(stats: TemplateStats, at: Date, field: keyof DailyCounts): Record<string, DailyCounts> {
  const key = dayKey(at);
  const day = stats.daily[key] ?? { suggested: 0, chosen: 0, sent: 0, edited: 0 };
  return { ...stats.daily, [key]: { ...day, [field]: (day[field] ?? 0) + 1 } };
}

export function recordSuggested(stats: TemplateStats, at: Date = new Date()): TemplateStats {
  return {
    ...stats,
    suggested: stats.suggested + 1,
    lastSuggestedAt: at.toISOString(),
    daily: bump(stats, at, 'suggested'),
  };
}

export function recordChosen(stats: TemplateStats, at: Date = new Date()): TemplateStats {
  return {
    ...stats,
    chosen: stats.chosen + 1,
    lastChosenAt: at.toISOString(),
    daily: bump(stats, at, 'chosen'),
  };
}

/** The agent sent the inserted template; `edited` when the sent text differs from what was inserted. */
export function recordSent(stats: TemplateStats, edited: boolean, at: Date = new Date()): TemplateStats {
  const sent = { ...stats, sent: (stats.sent ?? 0) + 1, daily: bump(stats, at, 'sent') };
  if (!edited) return sent;
  return { ...sent, editedBeforeSend: sent.editedBeforeSend + 1, daily: bump(sent, at, 'edited') };
}

/** Drops daily buckets older than `keepDays` (the review windows need 2 × windowDays). */
export function pruneDaily(stats: TemplateStats, now: Date, keepDays = 120): TemplateStats {
  const oldest = dayKey(new Date(now.getTime() - keepDays * DAY_MS));
  const daily = Object.fromEntries(Object.entries(stats.daily).filter(([key]) => key >= oldest));
  return { ...stats, daily };
}

export interface WindowCounts extends DailyCounts {
  /** chosen / suggested; undefined when never suggested in the window. */
  acceptanceRate?: number;
}

/** Counts over [from, to) in whole UTC days. */
export function countsBetween(stats: TemplateStats, from: Date, to: Date): WindowCounts {
  const first = dayKey(from);
  const last = dayKey(to);
  const total = { suggested: 0, chosen: 0, sent: 0, edited: 0 };
  for (const [key, day] of Object.entries(stats.daily)) {
    if (key < first || key >= last) continue;
    total.suggested += day.suggested;
    total.chosen += day.chosen;
    total.sent += day.sent ?? 0;
    total.edited += day.edited;
  }
  return total.suggested > 0 ? { ...total, acceptanceRate: total.chosen / total.suggested } : total;
}

export type ReviewReason =
  | { kind: 'not-reviewed'; lastReviewedAt: string; days: number }
  | {
      kind: 'acceptance-dropped';
      recentRate: number;
      previousRate: number;
      recentSuggested: number;
      previousSuggested: number;
    };

export interface ReviewFlag {
  templateId: string;
  title: string;
  reasons: ReviewReason[];
}

export interface ReviewOptions {
  /** Flag templates whose last review (or last edit, if never reviewed) is older than this. */
  reviewAfterDays?: number;
  /** Length of the recent window and of the previous one it is compared with. */
  windowDays?: number;
  /** Both windows need this many suggestions before a drop means anything. */
  minSuggestions?: number;
  /** Flag when acceptance fell by at least this much (0.15 = 15 percentage points). */
  minDrop?: number;
}

export function findTemplatesNeedingReview(
  templates: readonly Template[],
  stats: ReadonlyMap<string, TemplateStats> | readonly TemplateStats[],
  now: Date = new Date(),
  options: ReviewOptions = {},
): ReviewFlag[] {
  const reviewAfterDays = options.reviewAfterDays ?? 90;
  const windowDays = options.windowDays ?? 30;
  const minSuggestions = options.minSuggestions ?? 20;
  const minDrop = options.minDrop ?? 0.15;
  const byId: ReadonlyMap<string, TemplateStats> =
    stats instanceof Map ? stats : new Map((stats as readonly TemplateStats[]).map((s) => [s.templateId, s]));

  const recentStart = new Date(now.getTime() - windowDays * DAY_MS);
  const previousStart = new Date(now.getTime() - 2 * windowDays * DAY_MS);
  // Include today in the recent window: countsBetween's end is exclusive.
  const tomorrow = new Date(now.getTime() + DAY_MS);

  const flags: ReviewFlag[] = [];
  for (const template of templates) {
    const reasons: ReviewReason[] = [];
    const lastReviewedAt = template.reviewedAt ?? template.updatedAt;
    const days = Math.floor((now.getTime() - Date.parse(lastReviewedAt)) / DAY_MS);
    if (days >= reviewAfterDays) reasons.push({ kind: 'not-reviewed', lastReviewedAt, days });

    const templateStats = byId.get(template.id);
    if (templateStats) {
      const recent = countsBetween(templateStats, recentStart, tomorrow);
      const previous = countsBetween(templateStats, previousStart, recentStart);
      if (
        recent.suggested >= minSuggestions &&
        previous.suggested >= minSuggestions &&
        recent.acceptanceRate !== undefined &&
        previous.acceptanceRate !== undefined &&
        previous.acceptanceRate - recent.acceptanceRate >= minDrop
      ) {
        reasons.push({
          kind: 'acceptance-dropped',
          recentRate: recent.acceptanceRate,
          previousRate: previous.acceptanceRate,
          recentSuggested: recent.suggested,
          previousSuggested: previous.suggested,
        });
      }
    }
    if (reasons.length > 0) flags.push({ templateId: template.id, title: template.title, reasons });
  }
  return flags;
}

/** One line per template for the team lead's template report. */
export interface TemplateHealth {
  templateId: string;
  suggested: number;
  chosen: number;
  sent: number;
  editedBeforeSend: number;
  acceptanceRate?: number;
  /** Share of sent replies the agent changed before sending: high means the wording is off. */
  editRate?: number;
  lastReviewedAt: string;
}

export function templateHealth(template: Template, stats: TemplateStats | undefined): TemplateHealth {
  const s = stats ?? emptyStats(template.id);
  const sent = s.sent ?? 0;
  return {
    templateId: template.id,
    suggested: s.suggested,
    chosen: s.chosen,
    sent,
    editedBeforeSend: s.editedBeforeSend,
    ...(s.suggested > 0 ? { acceptanceRate: s.chosen / s.suggested } : {}),
    // Only a sent reply shows whether it was edited; stats from before sends were tracked
    // (editedBeforeSend without sent) have no basis for a rate.
    ...(sent > 0 ? { editRate: s.editedBeforeSend / sent } : {}),
    lastReviewedAt: template.reviewedAt ?? template.updatedAt,
  };
}
