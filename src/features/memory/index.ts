import type { Feature } from '../../types/runtime';
import { lazy, type Lazy } from '../load';
import type { Memory } from './memory';

/**
 * Route and draft memory (`route`, `drafts`, `keepDraft`). The work lives in a lazily loaded chunk, loaded up front
 * when configured: at logout the page must be read synchronously, before the app's handlers change it. Without
 * `route`/`drafts` it loads on the first call of one of its methods.
 */
export const memory: Feature = (rt) => {
  const keep = new Map<string, () => unknown>();
  let chunk: Lazy<Memory> | undefined;
  const load = () => (chunk ??= lazy(rt, () => import('./memory').then((m) => () => m.createMemory(rt, keep))));
  const use = <T>(f: (m: Memory) => Promise<T>): Promise<T | undefined> =>
    load()
      .ready.then((m) => m && f(m))
      .catch((error) => void rt.fail('memory', error));
  if ((rt.options.route || rt.options.drafts) && typeof document == 'object') load();
  const off = rt.onChange((s, prev, event) => {
    if (!chunk) return;
    if (s?.state == 'logged-out' && prev && prev.state != 'logged-out') {
      const m = chunk.current();
      // Loaded: read the page now, synchronously. Still loading: as soon as it arrives.
      if (m) m.save(s.reason!).catch((error) => rt.fail('memory', error));
      else use((x) => x.save(s.reason!));
    } else if (s && !event && s.state != 'logged-out') use((x) => x.signedIn());
  });
  return {
    stop() {
      off();
      chunk?.stop();
    },
    api: {
      takeSavedRoute: () => (rt.session(), use((x) => x.takeRoute())),
      takeDrafts: () => (rt.session(), use((x) => x.takeDrafts())),
      keepDraft(key, get) {
        keep.set(key, get);
        load();
        return () => void keep.delete(key);
      },
    },
  };
};
