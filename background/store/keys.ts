/** Primary keys derived from host ids, so the same host object always lands on the same row. */
import type { Channel } from '../identity/kinds';

export function accountKey(channel: Channel, hostAccountId: string): string {
  return `${channel}:${hostAccountId}`;
}

/** E2EE and classic Messenger threads can share a numeric id while being different threads. */
export function threadKey(accountId: string, hostThreadId: string, e2ee: boolean): string {
  return `${accountId}|${e2ee ? 'e2ee:' : ''}${hostThreadId}`;
}

export function messageKey(accountId: string, channel: Channel, hostMessageId: string): string {
  return `${accountId}|${channel}|${hostMessageId}`;
}

export function pairKey(a: string, b: string): [string, string, string] {
  const [first, second] = a < b ? [a, b] : [b, a];
  return [`${first}|${second}`, first, second];
}

export function newId(): string {
  return crypto.randomUUID();
}
