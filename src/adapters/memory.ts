import type { IdleLogout } from '../types/options';
import type { Runtime } from '../types/runtime';

type Memory = ReturnType<typeof import('./memory/index').createMemory>;
export type MemoryApi = Pick<IdleLogout, 'takeSavedRoute' | 'keepDraft' | 'takeDrafts'>;

/**
 * Route and draft memory (`route`, `drafts`, `keepDraft`). The work lives in a lazily imported chunk, loaded
 * up front when configured: at logout the page must be read synchronously, before the app's handlers change it.
 */
export function memory(rt: Runtime): [() => void, MemoryApi] {
  const keep = new Map<string, () => unknown>();
  let m: Memory | undefined;
  let loading: Promise<Memory> | undefined;
  const load = () => (loading ||= import('./memory/index').then((x) => (m = x.createMemory(rt, keep))));
  const use = <T>(f: (m: Memory) => Promise<T>): Promise<T | undefined> =>
    load().then(f).catch((error) => void rt.fail('memory', error));
  if ((rt.options.route || rt.options.drafts) && typeof document == 'object') use(async () => 0);
  const off = rt.onChange((s, prev, event) => {
    if (!loading) return;
    if (s?.state == 'logged-out' && prev && prev.state != 'logged-out') {
      if (m) m.save(s.reason!).catch((error) => rt.fail('memory', error));
      else use((x) => x.save(s.reason!));
    } else if (s && !event && s.state != 'logged-out') use((x) => x.signedIn());
  });
  return [
    () => (off(), m?.stop()),
    {
      takeSavedRoute: () => (rt.session(), use((x) => x.takeRoute())),
      takeDrafts: () => (rt.session(), use((x) => x.takeDrafts())),
      keepDraft(key, get) {
        keep.set(key, get);
        use(async () => 0);
        return () => void keep.delete(key);
      },
    },
  ];
}
