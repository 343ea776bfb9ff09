import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { Runtime } from '../../types/runtime';

/** A key-value store: IndexedDB shared by the tabs of the origin, or this page's memory where IndexedDB fails. */
export interface KV {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  all(): Promise<[IDBValidKey, unknown][]>;
}

export function memoryKV(map = new Map<IDBValidKey, unknown>()): KV {
  return {
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    del: async (k) => void map.delete(k),
    all: async () => [...map],
  };
}

let idb: UseStore | undefined;
let fallback: KV | undefined;
let broken: unknown;

/**
 * Runs `f` against IndexedDB (`idle-logout-memory`/`routes`). Where that fails (no IndexedDB, private modes,
 * a cross-site iframe's `UnknownError`) it runs, then and from then on, against memory, reported once as `storage`.
 */
export async function withStore<T>(rt: Runtime, f: (kv: KV) => Promise<T>): Promise<T> {
  if (!fallback) {
    try {
      const s = (idb ||= createStore('idle-logout-memory', 'routes'));
      return await f({ get: (k) => get(k, s), set: (k, v) => set(k, v, s), del: (k) => del(k, s), all: () => entries(s) });
    } catch (error) {
      fallback = memoryKV();
      broken = error;
    }
  }
  rt.fail('storage', broken);
  return f(fallback!);
}

/** Tests only: back to IndexedDB. */
export const resetStore = () => void (fallback = idb = undefined);

let pageId: string | undefined;
/** This tab's id: kept in sessionStorage, so it survives a reload (or a sign-in redirect) of this tab only. */
export function tabId(): string {
  const k = 'idle-logout-tab';
  try {
    return sessionStorage[k] || (sessionStorage[k] = Math.random().toString(36).slice(2));
  } catch {
    return (pageId ||= Math.random().toString(36).slice(2));
  }
}

/** A stored record: the person's hash (`''` when unbound), when it expires, the value. */
export interface Rec {
  u: string;
  x: number;
  v: unknown;
}

/** Records read back are untrusted: the right shape, this person, not expired, not from the far future. */
export const fresh = (r: unknown, u: string, now: number, maxAge: number): r is Rec =>
  !!r && typeof r == 'object' && (r as Rec).u === u && (r as Rec).x > now && (r as Rec).x <= now + maxAge;
