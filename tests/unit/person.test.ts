import { describe, expect, it, vi } from 'vitest';
import { createPersonStore, PERSON_STORAGE_KEY } from '@/lib/browser/person';
import { checkPersonName } from '@/lib/accounts/person-name';
import { personSchema } from '@/lib/accounts/schema';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
}

describe('person store', () => {
  it('remembers a name given once', () => {
    const storage = memoryStorage();
    const store = createPersonStore(storage);
    expect(store.get().name).toBeNull();
    expect(store.setName('  Alice  ')).toBeNull();
    expect(store.get().name).toBe('Alice');
    expect(storage.data.get(PERSON_STORAGE_KEY)).toBe('Alice');
    expect(createPersonStore(storage).get().name).toBe('Alice');
  });

  it('refuses an empty name with the API’s message', () => {
    const store = createPersonStore(memoryStorage());
    expect(store.setName('   ')).toMatch(/who is acting/);
    expect(store.get().name).toBeNull();
  });

  it('runs a write at once when the name is known', () => {
    const store = createPersonStore(memoryStorage({ [PERSON_STORAGE_KEY]: 'Bob' }));
    const write = vi.fn();
    store.withPerson(write);
    expect(write).toHaveBeenCalledWith('Bob');
    expect(store.get().prompt).toBeNull();
  });

  it('holds a write until a name is given, then runs it with that name', () => {
    const store = createPersonStore(memoryStorage());
    const write = vi.fn();
    const listener = vi.fn();
    store.subscribe(listener);
    store.withPerson(write);
    expect(write).not.toHaveBeenCalled();
    expect(store.get().prompt).toBe('required');
    expect(listener).toHaveBeenCalled();
    store.setName('Alice');
    expect(write).toHaveBeenCalledWith('Alice');
    expect(store.get()).toEqual({ name: 'Alice', account: null, prompt: null });
  });

  it('drops the waiting write when the prompt is dismissed', () => {
    const store = createPersonStore(memoryStorage());
    const write = vi.fn();
    store.withPerson(write);
    store.dismiss();
    store.setName('Alice');
    expect(write).not.toHaveBeenCalled();
  });

  it('still works when storage throws (private mode)', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    const store = createPersonStore(broken);
    expect(store.get().name).toBeNull();
    expect(store.setName('Carol')).toBeNull();
    expect(store.get().name).toBe('Carol');
  });
});

describe('person store, signed in', () => {
  it('acts as the account without asking', () => {
    const store = createPersonStore(null);
    store.setAccount('Rita');
    const write = vi.fn();
    store.withPerson(write);
    expect(write).toHaveBeenCalledWith('Rita');
    expect(store.get().prompt).toBeNull();
  });
});

describe('the name rule without zod', () => {
  it('agrees with personSchema, which the API uses, on every kind of name', () => {
    for (const raw of ['Alice', '  Bob  ', '', '   ', 'x'.repeat(80), 'x'.repeat(81), 42]) {
      const parsed = personSchema.safeParse(raw);
      const checked = checkPersonName(raw);
      expect(checked).toEqual(parsed.success ? { name: parsed.data } : { error: parsed.error.issues[0]?.message });
    }
  });
});
