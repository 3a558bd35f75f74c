import { useState } from 'preact/hooks';
import type { TagRecord } from '../../../../background/store/records';
import type { SidebarEnv } from '../ui-context';

interface Props {
  env: SidebarEnv;
  customerId: string;
  tags: readonly TagRecord[];
}

export function TagEditor({ env, customerId, tags }: Props) {
  const { t } = env;
  const [draft, setDraft] = useState('');
  const add = (event: Event) => {
    event.preventDefault();
    const tag = draft.trim();
    if (!tag) return;
    env.connection.api
      .addTag(customerId, tag)
      .then(() => setDraft(''))
      .catch(env.reportError);
  };
  return (
    <section class="block" aria-labelledby="tags-heading">
      <h3 id="tags-heading" class="label">
        {t('tags.heading')}
      </h3>
      <ul class="tags" data-testid="tags">
        {tags.length === 0 && <li class="muted">{t('tags.none')}</li>}
        {tags.map((tag) => (
          <li key={tag.tag} class="tag">
            <span>{tag.tag}</span>
            <button
              type="button"
              class="tag-remove"
              aria-label={t('tags.remove', { tag: tag.tag })}
              onClick={() => void env.connection.api.removeTag(customerId, tag.tag).catch(env.reportError)}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={add}>
        <input
          class="field"
          type="text"
          maxLength={40}
          aria-label={t('tags.new')}
          placeholder={t('tags.new')}
          value={draft}
          data-testid="tag-input"
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="button" disabled={draft.trim() === ''}>
          {t('tags.add')}
        </button>
      </form>
    </section>
  );
}
