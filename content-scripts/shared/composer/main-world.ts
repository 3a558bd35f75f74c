import { reportOnce } from '../safe';
import { insertIntoComposer, trackComposerFocus } from './insert';
import {
  INSERT_REQUEST_EVENT,
  INSERT_RESULT_EVENT,
  type InsertAnswer,
  isInsertRequest,
  parseJson,
} from './protocol';

/** Installs the MAIN-world side of the composer bridge (see protocol.ts for the channel's design). */
export function installComposerBridge(doc: Document): () => void {
  const stopTracking = trackComposerFocus(doc);
  let busy: Promise<unknown> = Promise.resolve();
  const onRequest = (event: Event) => {
    const request = parseJson((event as CustomEvent).detail, isInsertRequest);
    if (!request) return;
    // One insertion at a time: two overlapping ones would verify against each other's text.
    busy = busy.then(async () => {
      let answer: InsertAnswer;
      try {
        answer = { id: request.id, result: await insertIntoComposer(doc, request) };
      } catch (error) {
        reportOnce('composer insert', error);
        answer = {
          id: request.id,
          result: {
            ok: false,
            reason: 'not-applied',
            message: 'Inserting failed inside the page. Please try again.',
          },
        };
      }
      doc.dispatchEvent(new CustomEvent(INSERT_RESULT_EVENT, { detail: JSON.stringify(answer) }));
    });
  };
  doc.addEventListener(INSERT_REQUEST_EVENT, onRequest);
  return () => {
    stopTracking();
    doc.removeEventListener(INSERT_REQUEST_EVENT, onRequest);
  };
}
