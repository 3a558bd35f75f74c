/** DOM ids must be unique and simple; message ids contain "|" and host characters. */
export function rowDomId(messageId: string): string {
  let hash = 0;
  for (let i = 0; i < messageId.length; i++) hash = (Math.imul(hash, 31) + messageId.charCodeAt(i)) | 0;
  return `msg-${(hash >>> 0).toString(36)}-${messageId.length}`;
}
