import { createStore, del, entries, get, set, update } from 'idb-keyval';
import type { Runtime } from '../types/runtime';

/** A key-value store: IndexedDB shared by the tabs of the origin, or this page's memory where IndexedDB fails. */
export interface KV {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /** Read-modify-write in one IndexedDB transaction, so two tabs writing at once do not lose each other's change. */
  update(key: string, f: (old: unknown) => unknown): Promise<void>;
  del(key: string): Promise<void>;
  all(): Promise<[IDBValidKey, unknown][]>;
}

function memoryKV(map = new Map<string, unknown>()): KV {
  return {
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    update: async (k, f) => void map.set(k, f(map.get(k))),
    del: async (k) => void map.delete(k),
    all: async () => [...map],
  };
}

/**
 * One idb-keyval store (a dedicated database, never the default one) for tab sync and for route/draft memory.
 * Operations run against IndexedDB until one fails (no IndexedDB, private modes, quota, a cross-site iframe's
 * `UnknownError`); then, and from then on, against this page's memory, reported once as `storage`.
 */
export function kvStore(db: string, name: string) {
  let fallback: KV | undefined;
  let broken: unknown;
  let idb: KV | undefined;
  return async function withStore<T>(rt: Runtime, f: (kv: KV) => Promise<T>): Promise<T> {
    if (!fallback) {
      try {
        if (!idb) {
          const s = createStore(db, name);
          idb = { get: (k) => get(k, s), set: (k, v) => set(k, v, s), update: (k, g) => update(k, g, s), del: (k) => del(k, s), all: () => entries(s) };
        }
        return await f(idb);
      } catch (error) {
        fallback = memoryKV();
        broken = error;
      }
    }
    rt.fail('storage', broken);
    return f(fallback);
  };
}
