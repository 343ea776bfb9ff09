import type { Feature } from '../../types/runtime';
import { chunk as chunkOf, lazy, type Lazy } from '../load';
import type { Memory } from './memory';

/**
 * Route and draft memory (`route`, `drafts`, `keepDraft`). The work, and the watching of the session, live in a lazily
 * loaded chunk, loaded up front when configured: it watches from this feature's place in `FEATURES`, so at logout
 * it reads the page synchronously, before the app's handlers change it. Without `route`/`drafts` it loads on the
 * first call of one of its methods.
 */
export const memory: Feature<'takeSavedRoute' | 'takeDrafts' | 'keepDraft'> = (rt) => {
  const keep = new Map<string, () => unknown>();
  const upfront = !!(rt.options.route || rt.options.drafts) && typeof document === 'object';
  let chunk: Lazy<Memory> | undefined;
  const load = () => (chunk ??= lazy(rt, () => chunkOf('memory').then((m) => () => m.createMemory(rt, keep, upfront))));
  const use = <T>(f: (m: Memory) => Promise<T>): Promise<T | undefined> =>
    load()
      .ready.then((m) => m && f(m))
      .catch((error) => void rt.fail('memory', error));
  if (upfront) load();
  return {
    stop: () => chunk?.stop(),
    api: {
      takeSavedRoute: () => (rt.refresh(), use((x) => x.takeRoute())),
      takeDrafts: () => (rt.refresh(), use((x) => x.takeDrafts())),
      keepDraft(key, get) {
        keep.set(key, get);
        load();
        return () => void keep.delete(key);
      },
    },
  };
};
