import type { Channel } from '../../../background/customer-types';
import type { Translate } from '../../i18n/messages';

/** The channel a handle or message came from, as a small coloured pill. */
export function ChannelBadge({ channel, t }: { channel: Channel; t: Translate }) {
  return (
    <span class={`channel channel-${channel}`} data-channel={channel}>
      {t(`host.${channel}`)}
    </span>
  );
}
