import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  CustomerLine,
  ReplySuggestion,
  ReplySuggestions,
} from '../../../../background/replies/reply-types';
import { CoalescedTask } from '../../../lib/coalesced-task';
import { errorText, type SidebarEnv } from '../ui-context';
import { applyFills } from './fill';
import { TemplatesSection } from './TemplatesSection';
import { TranslationSettingsForm } from './TranslationSettingsForm';
import { languageName, translationProblemText, unsupportedPairText } from './translation-problem';
import './replies.css';

interface Props {
  env: SidebarEnv;
  /** Changes when the agent opens another chat: everything here is per conversation. */
  conversationKey: string | null;
}

/** New messages are gathered this long into one suggestion request. */
const NEW_MESSAGES_DELAY_MS = 250;
/**
 * While messages keep coming (a busy chat, a burst), suggestions are asked for at most this
 * often: each request reads and ranks in the background and renders the panel again.
 */
const NEW_MESSAGES_MIN_INTERVAL_MS = 1000;
/** The search box asks once the agent pauses typing. */
const TYPING_DELAY_MS = 150;

type Translated =
  | { kind: 'text'; text: string }
  | { kind: 'error'; message: string; unsupported?: boolean }
  | { kind: 'pending' };

/** Suggested replies, translations of the customer's messages, and the draft translator. */
export function RepliesPanel({ env, conversationKey }: Props) {
  const { t, locale, connection } = env;
  const [data, setData] = useState<ReplySuggestions | null>(null);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<ReplySuggestion | null>(null);
  const [translations, setTranslations] = useState<Record<string, Translated>>({});
  const requested = useRef(new Set<string>());

  useEffect(() => {
    // Another chat: nothing of the previous customer may stay on screen.
    setData(null);
    setSelected(null);
    setQuery('');
    // The same empty record when it is empty already (the first chat): no render for nothing.
    setTranslations((prev) => (Object.keys(prev).length === 0 ? prev : {}));
    requested.current = new Set();
  }, [conversationKey]);

  // One suggestion request at a time: during a burst of messages the answers of a request already
  // in flight are still shown, and the burst becomes one more request after it (not one each).
  const asked = useRef({ conversationKey, query, locale });
  asked.current = { conversationKey, query, locale };
  const suggestions = useMemo(
    () =>
      new CoalescedTask(
        async () => {
          const wanted = asked.current;
          if (wanted.conversationKey === null) return;
          try {
            const result = await connection.api.getReplySuggestions({
              query: wanted.query,
              agentLang: wanted.locale,
            });
            const now = asked.current;
            const stillWanted =
              now.conversationKey === wanted.conversationKey &&
              now.query === wanted.query &&
              now.locale === wanted.locale;
            if (stillWanted) setData(result);
          } catch (error) {
            env.reportError(error);
          }
        },
        NEW_MESSAGES_DELAY_MS,
        NEW_MESSAGES_MIN_INTERVAL_MS,
      ),
    [connection, env],
  );
  useEffect(() => () => suggestions.cancel(), [suggestions]);

  useEffect(() => {
    const stopEvents = connection.onEvent((event) => {
      // New messages of the open chat: the customer's timeline push, or for a chat without a
      // customer (a group), the thread's.
      if (event.type === 'customer-messages' || event.type === 'messages') suggestions.request();
    });
    const stopReconnect = connection.onReconnect(() => suggestions.request());
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [connection, suggestions]);

  useEffect(() => {
    if (conversationKey === null) return;
    if (!query) {
      void suggestions.runNow();
      return;
    }
    const typing = setTimeout(() => void suggestions.runNow(), TYPING_DELAY_MS);
    return () => clearTimeout(typing);
  }, [conversationKey, query, locale, suggestions]);

  // Translate customer messages that are not in the agent's language, once each.
  useEffect(() => {
    if (!data) return;
    const wanted = data.messages.filter(
      (m) => m.lang !== 'und' && m.lang !== locale && !requested.current.has(m.hostId),
    );
    if (wanted.length === 0) return;
    for (const m of wanted) requested.current.add(m.hostId);
    setTranslations((prev) => ({
      ...prev,
      ...Object.fromEntries(wanted.map((m) => [m.hostId, { kind: 'pending' } as Translated])),
    }));
    connection.api
      .translateMessages(
        wanted.map((m) => m.hostId),
        locale,
      )
      .then((result) => {
        const next: Record<string, Translated> = {};
        for (const m of wanted) {
          if (!result.ok) {
            // Let a later refresh try again once the engine is back.
            requested.current.delete(m.hostId);
            next[m.hostId] = { kind: 'error', message: translationProblemText(t, result) };
            continue;
          }
          const item = result.items.find((i) => i.hostId === m.hostId);
          if (item?.translation !== undefined) next[m.hostId] = { kind: 'text', text: item.translation };
          else if (item?.unsupported) {
            next[m.hostId] = {
              kind: 'error',
              message: unsupportedPairText(t, result.engine, item.unsupported),
              unsupported: true,
            };
          }
        }
        setTranslations((prev) => ({ ...prev, ...next }));
      })
      .catch((error: unknown) => env.reportError(error));
  }, [data, locale, connection, t, env]);

  if (conversationKey === null) return null;
  const customerLang = data?.customerLang ?? 'und';

  return (
    <section
      class="card replies"
      id="section-replies"
      data-testid="replies"
      aria-labelledby="replies-heading"
    >
      <h2 id="replies-heading" class="replies-heading" tabIndex={-1}>
        {t('replies.heading')}
      </h2>
      {customerLang !== 'und' && (
        <p class="muted" data-testid="customer-lang">
          {t('replies.customerLang', { lang: languageName(t, customerLang) })}
        </p>
      )}

      {data && data.messages.length > 0 && (
        <CustomerMessages env={env} lines={data.messages.slice(-3)} translations={translations} />
      )}

      {selected ? (
        <ReplyPreview
          env={env}
          suggestion={selected}
          customerLang={customerLang}
          onBack={() => setSelected(null)}
        />
      ) : (
        <>
          <input
            type="search"
            class="replies-search"
            data-testid="reply-search"
            placeholder={t('replies.search')}
            aria-label={t('replies.search')}
            value={query}
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          />
          {!data && <p class="muted">{t('replies.loading')}</p>}
          {data && data.suggestions.length === 0 && <p class="muted">{t('replies.none')}</p>}
          <ul class="replies-list">
            {data?.suggestions.map((s) => (
              <li key={s.templateId}>
                <button
                  type="button"
                  class="reply-suggestion"
                  data-testid="reply-suggestion"
                  data-template-id={s.templateId}
                  data-lang={s.lang}
                  title={t('replies.preview')}
                  onClick={() => setSelected(s)}
                >
                  <span class="reply-title">
                    {s.title} <span class="muted">{s.shortcut}</span>
                  </span>
                  <span class="reply-snippet" lang={s.lang}>
                    {s.text}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <DraftTranslator env={env} customerLang={customerLang} />
        </>
      )}
      <TemplatesSection env={env} onImported={() => void suggestions.runNow()} />
      <TranslationSettingsForm env={env} />
    </section>
  );
}

function CustomerMessages({
  env,
  lines,
  translations,
}: {
  env: SidebarEnv;
  lines: CustomerLine[];
  translations: Record<string, Translated>;
}) {
  const { t, locale } = env;
  return (
    <div class="replies-messages">
      <h3 class="replies-subheading">{t('replies.messages')}</h3>
      <ul>
        {lines.map((line) => {
          const translated = translations[line.hostId];
          return (
            <li key={line.hostId} data-testid="customer-message" data-lang={line.lang}>
              <p class="customer-text" lang={line.lang === 'und' ? undefined : line.lang}>
                {line.text}
              </p>
              {translated?.kind === 'pending' && <p class="muted">{t('replies.translating')}</p>}
              {translated?.kind === 'text' && (
                <p class="translation" lang={locale} data-testid="message-translation">
                  <span class="muted">{t('replies.translation', { lang: languageName(t, locale) })}: </span>
                  {translated.text}
                </p>
              )}
              {translated?.kind === 'error' && (
                <p
                  class="translation-error"
                  role="alert"
                  data-testid="translation-error"
                  data-unsupported={String(translated.unsupported ?? false)}
                >
                  {translated.message}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Inserts into the host composer and says in words what went wrong; never sends. */
function useInsert(env: SidebarEnv) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const insert = useCallback(
    async (text: string, templateId?: string) => {
      try {
        const result = await env.connection.api.insertIntoComposer(text);
        if (result.ok) {
          // Recorded before saying "inserted": the agent's Send that follows is matched against it.
          // Bookkeeping must not turn a good insertion into an error, hence the catch.
          if (templateId) {
            await env.connection.api.recordTemplateInserted(templateId, text).catch(() => undefined);
          }
          setStatus({ ok: true, text: env.t('replies.inserted') });
        } else {
          setStatus({ ok: false, text: env.t('replies.insertFailed', { message: result.message }) });
        }
      } catch (error) {
        setStatus({ ok: false, text: env.t('replies.insertFailed', { message: errorText(error) }) });
      }
    },
    [env],
  );
  return { status, insert };
}

function InsertStatus({ status }: { status: { ok: boolean; text: string } | null }) {
  if (!status) return null;
  return (
    <p
      class={status.ok ? 'muted' : 'translation-error'}
      role={status.ok ? 'status' : 'alert'}
      data-testid="insert-status"
      data-ok={String(status.ok)}
    >
      {status.text}
    </p>
  );
}

function ReplyPreview({
  env,
  suggestion,
  customerLang,
  onBack,
}: {
  env: SidebarEnv;
  suggestion: ReplySuggestion;
  customerLang: string;
  onBack: () => void;
}) {
  const { t } = env;
  const [values, setValues] = useState<Record<string, string>>({});
  const { status, insert } = useInsert(env);
  const filled = applyFills(suggestion.parts, values);
  const needsTranslation = !suggestion.inCustomerLanguage && customerLang !== 'und';
  return (
    <div class="reply-preview" data-testid="reply-preview-panel">
      <h3 class="replies-subheading">
        {t('replies.preview')}: {suggestion.title}
      </h3>
      {suggestion.missing.length > 0 && (
        <fieldset class="reply-fills">
          <legend class="muted">{t('replies.fillIn')}</legend>
          {suggestion.missing.map((m) => (
            <label key={m.key} class="reply-fill">
              <span>{m.label}</span>
              <input
                type="text"
                data-testid={`fill-${m.key}`}
                value={values[m.key] ?? ''}
                onInput={(e) => setValues({ ...values, [m.key]: (e.target as HTMLInputElement).value })}
              />
            </label>
          ))}
        </fieldset>
      )}
      <p class="preview-text" lang={suggestion.lang} data-testid="reply-preview">
        {filled.text}
      </p>
      {needsTranslation ? (
        <>
          <p class="muted">{t('replies.notInLanguage', { lang: languageName(t, customerLang) })}</p>
          <TranslatePair
            env={env}
            text={filled.complete ? filled.text : ''}
            from={suggestion.lang}
            to={customerLang}
            onInsert={(text) => insert(text, suggestion.templateId)}
          />
        </>
      ) : (
        <button
          type="button"
          class="primary"
          data-testid="reply-insert"
          disabled={!filled.complete}
          onClick={() => void insert(filled.text, suggestion.templateId)}
        >
          {t('replies.insert')}
        </button>
      )}
      <InsertStatus status={status} />
      <button type="button" class="link-button" data-testid="reply-back" onClick={onBack}>
        {t('replies.back')}
      </button>
    </div>
  );
}

/** Translates `text` into the customer's language on request and shows both before inserting. */
function TranslatePair({
  env,
  text,
  from,
  to,
  onInsert,
}: {
  env: SidebarEnv;
  text: string;
  from: string;
  to: string;
  onInsert: (text: string) => void;
}) {
  const { t } = env;
  const [result, setResult] = useState<Translated | null>(null);
  useEffect(() => setResult(null), [text, from, to]);
  const run = () => {
    setResult({ kind: 'pending' });
    env.connection.api
      .translateText(text, from, to)
      .then((outcome) =>
        setResult(
          outcome.ok
            ? { kind: 'text', text: outcome.texts[0] ?? '' }
            : {
                kind: 'error',
                message: translationProblemText(t, outcome),
                unsupported: outcome.unsupported !== undefined,
              },
        ),
      )
      .catch((error: unknown) => setResult({ kind: 'error', message: errorText(error) }));
  };
  return (
    <div class="translate-pair">
      <button
        type="button"
        data-testid="translate-draft"
        disabled={text.trim() === '' || result?.kind === 'pending'}
        onClick={run}
      >
        {t('replies.translateTo', { lang: languageName(t, to) })}
      </button>
      {result?.kind === 'pending' && <p class="muted">{t('replies.translating')}</p>}
      {result?.kind === 'error' && (
        <p
          class="translation-error"
          role="alert"
          data-testid="translation-error"
          data-unsupported={String(result.unsupported ?? false)}
        >
          {result.message}
        </p>
      )}
      {result?.kind === 'text' && (
        <>
          <p class="muted">{t('replies.original')}</p>
          <p class="preview-text" lang={from}>
            {text}
          </p>
          <p class="muted">{t('replies.translated', { lang: languageName(t, to) })}</p>
          <p class="preview-text" lang={to} data-testid="draft-translation">
            {result.text}
          </p>
          <button
            type="button"
            class="primary"
            data-testid="insert-translation"
            onClick={() => onInsert(result.text)}
          >
            {t('replies.insertTranslation')}
          </button>
        </>
      )}
    </div>
  );
}

function DraftTranslator({ env, customerLang }: { env: SidebarEnv; customerLang: string }) {
  const { t, locale } = env;
  const [draft, setDraft] = useState('');
  const { status, insert } = useInsert(env);
  // Nothing to translate into when the customer writes the agent's language or we cannot tell.
  if (customerLang === 'und' || customerLang === locale) return null;
  return (
    <div class="reply-draft">
      <label class="replies-subheading" for="reply-draft">
        {t('replies.draft')}
      </label>
      <textarea
        id="reply-draft"
        data-testid="reply-draft"
        rows={2}
        placeholder={t('replies.draftPlaceholder')}
        value={draft}
        onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
      />
      <TranslatePair
        env={env}
        text={draft}
        from={locale}
        to={customerLang}
        onInsert={(text) => insert(text)}
      />
      <InsertStatus status={status} />
    </div>
  );
}
