import type { InsertResult } from '../../../extension/api/protocol';
import {
  INSERT_REQUEST_EVENT,
  INSERT_RESULT_EVENT,
  type InsertRequest,
  isInsertAnswer,
  parseJson,
} from './protocol';

const ANSWER_TIMEOUT_MS = 4000;

/** Isolated-world side: asks the MAIN-world script to insert, waits for its verified answer. */
export function requestInsert(doc: Document, request: Omit<InsertRequest, 'id'>): Promise<InsertResult> {
  const id = crypto.randomUUID();
  return new Promise((resolve) => {
    const onAnswer = (event: Event) => {
      const answer = parseJson((event as CustomEvent).detail, isInsertAnswer);
      if (answer?.id !== id) return;
      cleanup();
      resolve(answer.result);
    };
    const timer = setTimeout(() => {
      cleanup();
      resolve({
        ok: false,
        reason: 'not-applied',
        message: 'The page did not answer in time. Reload the tab and try again.',
      });
    }, ANSWER_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      doc.removeEventListener(INSERT_RESULT_EVENT, onAnswer);
    };
    doc.addEventListener(INSERT_RESULT_EVENT, onAnswer);
    doc.dispatchEvent(new CustomEvent(INSERT_REQUEST_EVENT, { detail: JSON.stringify({ ...request, id }) }));
  });
}
