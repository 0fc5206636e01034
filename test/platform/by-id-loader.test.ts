import { byIdLoader, loadNow } from '@marquee/platform';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

it('loads in one batch in key order, null for missing and non-uuid keys, and then knows them', async () => {
  const batches: string[][] = [];
  const loader = byIdLoader(async (ids) => {
    batches.push(ids);
    return ids.filter((id) => id === A).map((id) => ({ id, name: 'a' }));
  });
  expect(loader.known(A)).toBeUndefined();
  expect(await Promise.all([loader.load(B), loader.load(A), loader.load('nope')])).toEqual([null, { id: A, name: 'a' }, null]);
  expect(batches).toEqual([[B, A]]);
  expect(loader.known(A)).toEqual({ id: A, name: 'a' });
  expect(loader.known(B)).toBeNull();
});

it('answers primed rows at once, and a primed key keeps its first value as DataLoader does', async () => {
  const loader = byIdLoader<{ id: string; name: string }>(async () => {
    throw new Error('no statement expected');
  });
  loader.prime(A, { id: A, name: 'first' });
  loader.prime(A, { id: A, name: 'second' });
  expect(loadNow(loader, A, (row) => row?.name)).toBe('first');
  expect(await loader.load(A)).toEqual({ id: A, name: 'first' });
  // Unknown rows still come through the loader, as a promise.
  const later = byIdLoader(async (ids) => ids.map((id) => ({ id, name: 'loaded' })));
  const answer = loadNow(later, B, (row) => row?.name);
  expect(answer).toBeInstanceOf(Promise);
  expect(await answer).toBe('loaded');
});
