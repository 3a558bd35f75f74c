import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { freshStore, MINUTE, NOW } from './test-helpers';

describe('Store.upsertAccount on every captured batch', () => {
  it('neither reads nor rewrites an unchanged account seen within the minute', async () => {
    const clock = { now: NOW };
    const store = await freshStore(clock);
    const input = { channel: 'whatsapp' as const, hostAccountId: 'shop', region: 'BR' };
    const first = await store.upsertAccount(input);
    const reads = vi.spyOn(store.db.accounts, 'get');
    const writes = vi.spyOn(store.db.accounts, 'put');
    clock.now += 10_000;
    expect(await store.upsertAccount(input)).toEqual(first);
    expect(reads).not.toHaveBeenCalled();
    expect(writes).not.toHaveBeenCalled();

    clock.now += MINUTE;
    await store.upsertAccount(input);
    expect((await store.db.accounts.get(first.id))?.lastSeenAt).toBe(clock.now);
    await store.upsertAccount({ ...input, region: 'PT' });
    expect((await store.db.accounts.get(first.id))?.region).toBe('PT');
    expect((await store.upsertAccount(input)).region).toBe('BR');
  });

  it('does not remember a row whose transaction rolled back', async () => {
    const store = await freshStore();
    const input = { channel: 'whatsapp' as const, hostAccountId: 'shop', region: 'BR' };
    await expect(
      store.db.transaction('rw', store.db.tables, async () => {
        await store.upsertAccount(input);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const account = await store.upsertAccount(input);
    expect(await store.db.accounts.get(account.id)).toEqual(account);
  });
});
