import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/store/db';
import { sharedRead } from '@/lib/store/shared-reads';

/** sharedRead only uses the store client as a key for its map of reads in flight. */
const db = {} as Db;

describe('a crowd asking the same read at once (sharedRead)', () => {
  it('asks the store once while the read is out, then asks again for a later question', async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { reads };
    };
    const crowd = await Promise.all(Array.from({ length: 20 }, () => sharedRead(db, 'budget:a', read)));
    expect(reads).toBe(1);
    expect(new Set(crowd).size).toBe(1);
    expect(await sharedRead(db, 'budget:a', read)).toEqual({ reads: 2 });
  });

  it('keeps different questions apart', async () => {
    const [a, b] = await Promise.all([sharedRead(db, 'budget:a', async () => 'a'), sharedRead(db, 'budget:b', async () => 'b')]);
    expect([a, b]).toEqual(['a', 'b']);
  });

  it('shares a failure with those who asked meanwhile, and forgets it', async () => {
    const failing = sharedRead(db, 'budget:c', async () => Promise.reject(new Error('store down')));
    const meanwhile = sharedRead(db, 'budget:c', async () => 'not asked');
    await expect(failing).rejects.toThrow('store down');
    await expect(meanwhile).rejects.toThrow('store down');
    expect(await sharedRead(db, 'budget:c', async () => 'asked again')).toBe('asked again');
  });
});
