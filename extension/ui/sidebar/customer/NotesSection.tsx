import { useState } from 'preact/hooks';
import type { NoteRecord } from '../../../../background/store/records';
import { formatContact } from '../format';
import type { SidebarEnv } from '../ui-context';

interface Props {
  env: SidebarEnv;
  customerId: string;
  notes: readonly NoteRecord[];
  now: number;
}

export function NotesSection({ env, customerId, notes, now }: Props) {
  const { t } = env;
  const [draft, setDraft] = useState('');
  const add = (event: Event) => {
    event.preventDefault();
    if (!draft.trim()) return;
    env.connection.api
      .addNote(customerId, draft)
      .then(() => setDraft(''))
      .catch(env.reportError);
  };
  return (
    <section class="block" aria-labelledby="notes-heading">
      <h3 id="notes-heading" class="label">
        {t('notes.heading')}
      </h3>
      {notes.length === 0 ? (
        <p class="muted">{t('notes.none')}</p>
      ) : (
        <ul class="notes" data-testid="notes">
          {notes.map((note) => (
            <li key={note.id} class="note">
              <p class="note-text">{note.text}</p>
              <p class="note-meta muted">{formatContact(note.createdAt, now, env.locale)}</p>
            </li>
          ))}
        </ul>
      )}
      <form class="note-form" onSubmit={add}>
        <textarea
          class="field"
          rows={2}
          maxLength={2000}
          aria-label={t('notes.new')}
          placeholder={t('notes.new')}
          value={draft}
          data-testid="note-input"
          onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <button type="submit" class="button" disabled={draft.trim() === ''}>
          {t('notes.add')}
        </button>
      </form>
    </section>
  );
}
