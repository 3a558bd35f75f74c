/**
 * Plain data the reply service hands to the sidebar over the typed API (structured-clone safe:
 * no class instances, no functions).
 */
import type {
  TranslationEngineChoice,
  TranslationSettingsRecord,
} from '../../extension/settings/translation';
import type { ReviewReason } from '../suggestions/template-stats';
import type { EngineId } from '../translation/engine';

/** A piece of a filled reply: literal text, or a variable with its value when the context had one. */
export type ReplyPart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; key: string; label: string; value?: string };

export interface ReplySuggestion {
  templateId: string;
  title: string;
  shortcut: string;
  /** Language of the reply text. */
  lang: string;
  /** False when the template has no variant in the customer's language (translate before sending). */
  inCustomerLanguage: boolean;
  /** Filled with every known value; unknown variables stay as `{{key}}` until the agent fills them. */
  text: string;
  parts: ReplyPart[];
  /** Values the agent has to type in, once each. */
  missing: Array<{ key: string; label: string }>;
}

/** One customer message of the open chat, with its detected language ("und" when unsure). */
export interface CustomerLine {
  hostId: string;
  text: string;
  lang: string;
}

export interface ReplySuggestions {
  /** The customer's language as the suggestions used it ("und" when unknown). */
  customerLang: string;
  agentLang: string;
  /** The latest customer messages, oldest first. */
  messages: CustomerLine[];
  suggestions: ReplySuggestion[];
}

export interface ReplySuggestionRequest {
  /** The agent's search box: `/shortcut` prefix or free text; empty for automatic suggestions. */
  query?: string;
  /** The agent's own language (the sidebar's locale). */
  agentLang: string;
}

/**
 * The chosen engine has no such language pair (Apertium has no Thai or Vietnamese at all):
 * which pair, and which other engines list both languages, for a plain message in the sidebar.
 */
export interface UnsupportedPair {
  from: string;
  to: string;
  alternatives: EngineId[];
}

export type TranslationOutcome =
  | { ok: true; texts: string[]; engine: TranslationEngineChoice }
  | {
      ok: false;
      engine: TranslationEngineChoice;
      reason: string;
      message: string;
      /** Set when reason is 'unsupported-pair'. */
      unsupported?: UnsupportedPair;
      /** Unreachable, and the browser has not granted access to this engine origin. */
      accessMissing?: string;
    };

export interface MessageTranslation {
  hostId: string;
  lang: string;
  /** Absent when the message is already in the agent's language or too short to tell. */
  translation?: string;
  /** The engine cannot translate this message's language (others in the chat may still be). */
  unsupported?: UnsupportedPair;
}

export type MessageTranslations =
  | { ok: true; engine: TranslationEngineChoice; items: MessageTranslation[] }
  | {
      ok: false;
      engine: TranslationEngineChoice;
      reason: string;
      message: string;
      /** Unreachable, and the browser has not granted access to this engine origin. */
      accessMissing?: string;
    };

export interface TranslationSettingsView {
  settings: TranslationSettingsRecord;
  /** The engine in force after defaults (on-device where available, else none). */
  engine: TranslationEngineChoice;
}

/** What an export holds: the agent's own templates, or the whole library (starter and team too). */
export type TemplateExportScope = 'personal' | 'all';

export type TemplateImportOutcome = { ok: true; imported: number } | { ok: false; problems: string[] };

/** One line of the template review: how a template is used, and why it may need a look. */
export interface TemplateReviewItem {
  templateId: string;
  title: string;
  shortcut: string;
  suggested: number;
  /** Inserted into the composer. */
  chosen: number;
  /** Chosen and then sent (the rest were inserted but never sent). */
  sent: number;
  /** Sent with its wording changed. */
  edited: number;
  lastReviewedAt: string;
  reasons: ReviewReason[];
}
