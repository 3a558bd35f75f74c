import type { IdentityRecord } from '../../../../background/customer-types';
import type { MessageKey } from '../../../i18n/messages';
import { ChannelBadge } from '../ChannelBadge';
import { displayHandle } from '../format';
import type { SidebarEnv } from '../ui-context';

/** A @c.us JID says the same as the phone number stored beside it: show the phone only. */
function visibleIdentities(identities: readonly IdentityRecord[]): IdentityRecord[] {
  const phones = new Set(identities.filter((i) => i.kind === 'phone').map((i) => i.value));
  return identities.filter(
    (identity) => !(identity.kind === 'wa_jid' && phones.has(`+${identity.value.split('@')[0]}`)),
  );
}

interface Props {
  env: SidebarEnv;
  customerId: string;
  identities: readonly IdentityRecord[];
}

export function IdentityList({ env, customerId, identities }: Props) {
  const { t } = env;
  const shown = visibleIdentities(identities);
  // Splitting the only handle would leave an empty customer behind.
  const canSplit = shown.length > 1;
  const split = (identity: IdentityRecord) =>
    env.connection.api.unlinkIdentity(identity.id, customerId).catch(env.reportError);
  return (
    <ul class="handles" aria-label={t('customer.handles')} data-testid="handles">
      {shown.map((identity) => {
        const handle = displayHandle(identity.kind, identity.value);
        return (
          <li key={identity.id} class="handle-row" data-kind={identity.kind}>
            {identity.channel ? (
              <ChannelBadge channel={identity.channel} t={t} />
            ) : (
              <span class="channel channel-agent">{t('customer.addedByAgent')}</span>
            )}
            <span class="handle-kind">{t(`kind.${identity.kind}` as MessageKey)}</span>
            <span class="handle-value" title={handle}>
              {handle}
            </span>
            {canSplit && (
              <button
                type="button"
                class="link-button"
                aria-label={t('customer.splitLabel', { handle })}
                onClick={() => void split(identity)}
              >
                {t('customer.split')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
