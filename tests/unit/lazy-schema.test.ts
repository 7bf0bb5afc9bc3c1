import { describe, expect, it } from 'vitest';
import { checkWith } from '@/lib/browser/lazy-schema';

/** The forms' check with the shared schema loaded on first submit (lib/browser/lazy-schema.ts). */
describe('checkWith', () => {
  const loadTarget = () => import('@/lib/targets/schema').then((m) => m.targetInputSchema);

  it("answers the schema's parsed output", async () => {
    const checked = await checkWith(loadTarget, { name: ' orders ', url: 'postgres://monitor@db:5432/postgres' });
    expect(checked.error).toBeUndefined();
    expect(checked.data?.name).toBe('orders');
  });

  it("names every problem with the API's own messages, the first one as the error", async () => {
    const checked = await checkWith(() => import('@/lib/checklists/schema').then((m) => m.templateCreateSchema), { name: '', items: [{ text: 'ok' }, { text: '' }] });
    expect(checked.error).toBe('name is required');
    expect(checked.issues).toEqual([
      { path: ['name'], message: 'name is required' },
      { path: ['items', 1, 'text'], message: 'item text is required' },
    ]);
  });

  it('says the form could not load its checks when the chunk does not arrive, and lets nothing through', async () => {
    const checked = await checkWith(() => Promise.reject(new Error('ChunkLoadError')), { name: 'orders' });
    expect(checked.data).toBeUndefined();
    expect(checked.error).toMatch(/could not load its checks: reload the page/);
  });
});
