import { useState } from 'preact/hooks';
import type { TemplateExportScope } from '../../../../background/replies/reply-types';
import { errorText, type SidebarEnv } from '../ui-context';
import { TemplateReview } from './TemplateReview';

/** Template files are small; anything bigger is a wrong file, not a library. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const SHOWN_PROBLEMS = 10;

type Status =
  | { kind: 'ok'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'problems'; problems: string[] }
  | { kind: 'busy' };

/** Saves `text` as a file through a temporary link (the sidebar is an extension page). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Import and export of the reply library as JSON. Folded away by default: it is a once-in-a-while
 * task, not part of answering a chat.
 */
export function TemplatesSection({ env, onImported }: { env: SidebarEnv; onImported: () => void }) {
  const { t, connection } = env;
  const [status, setStatus] = useState<Status | null>(null);
  // The review reads every template's stats: only once the section is opened.
  const [open, setOpen] = useState(false);

  const exportAs = (scope: TemplateExportScope) => {
    setStatus({ kind: 'busy' });
    connection.api
      .exportTemplates(scope)
      .then((json) => {
        const count = (JSON.parse(json) as { templates: unknown[] }).templates.length;
        const file = `switchboard-templates-${scope}-${new Date().toISOString().slice(0, 10)}.json`;
        download(file, json);
        setStatus({ kind: 'ok', text: t('replies.templatesExported', { file, count }) });
      })
      .catch((error: unknown) => setStatus({ kind: 'error', text: errorText(error) }));
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        setStatus({
          kind: 'error',
          text: t('replies.templatesTooLarge', { size: (file.size / 1024 / 1024).toFixed(1) }),
        });
        return;
      }
      setStatus({ kind: 'busy' });
      const outcome = await connection.api.importTemplates(await file.text());
      if (outcome.ok) {
        setStatus({ kind: 'ok', text: t('replies.templatesImported', { count: outcome.imported }) });
        onImported();
      } else {
        setStatus({ kind: 'problems', problems: outcome.problems });
      }
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
    } finally {
      // The same file can be chosen again after fixing it.
      input.value = '';
    }
  };

  return (
    <details
      class="replies-settings replies-templates"
      data-testid="templates-section"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{t('replies.templates')}</summary>
      <p class="muted">{t('replies.templatesNote')}</p>
      <div class="replies-templates-actions">
        <button type="button" data-testid="templates-export-personal" onClick={() => exportAs('personal')}>
          {t('replies.templatesExportPersonal')}
        </button>
        <button type="button" data-testid="templates-export-all" onClick={() => exportAs('all')}>
          {t('replies.templatesExportAll')}
        </button>
      </div>
      <label>
        <span>{t('replies.templatesImport')}</span>
        <input
          type="file"
          accept="application/json,.json"
          data-testid="templates-import-file"
          onChange={(e) => void importFile(e.currentTarget as HTMLInputElement)}
        />
      </label>
      {status?.kind === 'busy' && <p class="muted">{t('replies.templatesImporting')}</p>}
      {status?.kind === 'ok' && (
        <p class="muted" role="status" data-testid="templates-status">
          {status.text}
        </p>
      )}
      {status?.kind === 'error' && (
        <p class="translation-error" role="alert" data-testid="templates-status">
          {status.text}
        </p>
      )}
      {status?.kind === 'problems' && (
        <div class="translation-error" role="alert" data-testid="templates-problems">
          <p>{t('replies.templatesImportProblems')}</p>
          <ul>
            {status.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          {status.problems.length > SHOWN_PROBLEMS && (
            <p>{t('replies.templatesImportMore', { count: status.problems.length - SHOWN_PROBLEMS })}</p>
          )}
        </div>
      )}
      {open && <TemplateReview env={env} />}
    </details>
  );
}
