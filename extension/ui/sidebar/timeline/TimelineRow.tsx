import type { TimelineMessage } from '../../../../background/customer-types';
import type { MessageKey } from '../../../i18n/messages';
import { ChannelBadge } from '../ChannelBadge';
import { formatMessageTime } from '../format';
import { memo } from '../memo';
import type { SidebarEnv } from '../ui-context';
import { rowDomId } from './row-id';

interface Props {
  env: SidebarEnv;
  message: TimelineMessage;
  index: number;
  setSize: number;
  active: boolean;
  /** Start of the agent's day: times from today show without the date. */
  today: number;
}

/**
 * One message. Customer text is only ever rendered as text nodes. Memoised: a new message renders
 * the list again, but not the rows already on screen. Every new message changes each row's
 * aria-setsize (and an older page each row's index): only the option element is updated then,
 * its content (a memo of its own) is not rendered again.
 */
export const TimelineRow = memo(function TimelineRow({ env, message, index, setSize, active, today }: Props) {
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: listbox options are reached with aria-activedescendant; focus stays on the list so windowing can recycle rows
    <div
      id={rowDomId(message.id)}
      role="option"
      aria-selected={active}
      class={`msg msg-${message.direction}${active ? ' active' : ''}`}
      data-id={message.id}
      data-index={index}
      data-channel={message.threadChannel}
      data-testid="timeline-row"
      aria-posinset={index + 1}
      aria-setsize={setSize}
    >
      <MessageBubble env={env} message={message} today={today} />
    </div>
  );
});

const MessageBubble = memo(function MessageBubble({
  env,
  message,
  today,
}: Pick<Props, 'env' | 'message' | 'today'>) {
  const { t, locale } = env;
  return (
    <div class="msg-bubble">
      <header class="msg-meta">
        <ChannelBadge channel={message.threadChannel} t={t} />
        <span class="msg-who">{message.direction === 'in' ? t('timeline.in') : t('timeline.out')}</span>
        <time class="msg-time" dateTime={new Date(message.timestamp).toISOString()}>
          {formatMessageTime(message.timestamp, today, locale)}
        </time>
      </header>
      {message.quoted && (
        <blockquote class="msg-quote">
          <span class="msg-quote-who">
            {t('timeline.replyTo', { sender: message.quoted.sender ?? t('timeline.someone') })}
          </span>
          <span class="msg-quote-text">{message.quoted.text}</span>
        </blockquote>
      )}
      {message.media && (
        <p class="msg-media" data-media={message.media}>
          [{t(`media.${message.media}` as MessageKey)}]
        </p>
      )}
      {message.text && <p class="msg-text">{message.text}</p>}
    </div>
  );
});
