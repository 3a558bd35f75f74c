/**
 * Store.ingestMessages throughput as a ratio of raw Dexie bulkPut of the same rows (target ≥ 0.8).
 * In Node it runs on fake-indexeddb; the browser run calls measureIngestRatio in the worker.
 */
import { defineBench } from '../../bench/kit';
import { measureIngestRatio } from './ingest-measure';
import { type OpenOptions, openDatabase } from './schema';

export default defineBench({
  name: 'store-ingest',
  async run(ctx) {
    // Node has no IndexedDB: use fake-indexeddb. Pass the factory explicitly either way, since
    // Dexie reads the globals when it is first imported, which may be before they existed.
    const options: OpenOptions =
      'indexedDB' in globalThis
        ? { indexedDB: globalThis.indexedDB, IDBKeyRange: globalThis.IDBKeyRange }
        : await import('fake-indexeddb').then((m) => ({
            indexedDB: m.indexedDB,
            IDBKeyRange: m.IDBKeyRange,
          }));
    const count = ctx.size === 'tiny' ? 400 : 10_000;
    const result = await measureIngestRatio((name) => openDatabase(name, options), count, {
      rounds: ctx.size === 'tiny' ? 1 : 7,
    });
    ctx.log(
      `${result.messages} messages in batches of ${result.batchSize}: store ${result.storeRate.toFixed(0)} msg/s, raw bulkPut ${result.rawRate.toFixed(0)} msg/s`,
    );
    return [
      {
        bench: 'store-ingest-node',
        value: Math.round(result.storeRate),
        unit: 'msg/s',
        ratio: Number(result.ratio.toFixed(3)),
        limit: 'raw Dexie bulkPut of the same rows, same run (fake-indexeddb in Node)',
        target: 'ratio ≥ 0.8',
      },
    ];
  },
});
