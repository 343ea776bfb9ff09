import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../src/types/runtime';
import { kvStore } from '../../src/utils/storage';

// kvStore over the real idb-keyval, on a minimal in-memory IndexedDB (just what idb-keyval calls) that a test can
// break the way browsers do: `open` throws (storage disabled), `open` fails (a cross-site frame's UnknownError),
// a write fails (QuotaExceededError).

type Fault = 'none' | 'open throws' | 'open errors' | 'quota';

function fakeIndexedDB(data: Map<IDBValidKey, unknown>, fault: Fault) {
  /** A request that succeeds (or fails) after the caller has set its handlers. */
  const request = (result: () => unknown, error?: DOMException) => {
    const r: Record<string, unknown> = {};
    queueMicrotask(() => {
      if (error) (r.error = error), (r.onerror as () => void)?.();
      else (r.result = result()), (r.onsuccess as () => void)?.();
    });
    return r;
  };
  const db = {
    transaction() {
      const tx: Record<string, unknown> = {};
      let failure: DOMException | undefined;
      const store = {
        transaction: tx,
        get: (k: IDBValidKey) => request(() => data.get(k)),
        put(v: unknown, k: IDBValidKey) {
          if (fault === 'quota') failure = new DOMException('disk full', 'QuotaExceededError');
          else data.set(k, v);
          return request(() => k);
        },
        delete: (k: IDBValidKey) => request(() => data.delete(k)),
        getAll: () => request(() => [...data.values()]),
        getAllKeys: () => request(() => [...data.keys()]),
      };
      tx.objectStore = () => store;
      // Settles after the requests made in this task and their handlers' follow-ups.
      setTimeout(() => (failure ? ((tx.error = failure), (tx.onabort as () => void)?.()) : (tx.oncomplete as () => void)?.()));
      return tx;
    },
  };
  return {
    open() {
      if (fault === 'open throws') throw new DOMException('storage disabled', 'SecurityError');
      return request(() => db, fault === 'open errors' ? new DOMException('no storage here', 'UnknownError') : undefined);
    },
  };
}

/** A runtime whose `fail` reports once per code, as the real one does (`error` events are what `fail` records). */
function runtime() {
  const fail = vi.fn();
  const seen = new Set<string>();
  const rt = { fail: (code: string, error: unknown) => seen.has(code) || (seen.add(code), fail(code, error)) };
  return { rt: rt as unknown as Runtime, fail };
}

let n = 0;
function setup(fault: Fault) {
  const data = new Map<IDBValidKey, unknown>();
  vi.stubGlobal('indexedDB', fakeIndexedDB(data, fault));
  // A store of its own per test: a store that fell back stays on memory for the page's life.
  return { data, withStore: kvStore(`db${++n}`, 'store') };
}

afterEach(() => void vi.unstubAllGlobals());

describe('kvStore', () => {
  it('works on IndexedDB while it works: nothing reported', async () => {
    const { data, withStore } = setup('none');
    const { rt, fail } = runtime();
    await withStore(rt, (kv) => kv.set('k', 1));
    await withStore(rt, (kv) => kv.update('k', (v) => (v as number) + 1));
    expect(await withStore(rt, (kv) => kv.get('k'))).toBe(2);
    expect(data.get('k')).toBe(2);
    expect(fail).not.toHaveBeenCalled();
  });

  it.each(['open throws', 'open errors', 'quota'] as const)(
    'IndexedDB failing (%s): falls back to memory, reported once as `storage`, and keeps working there',
    async (fault) => {
      const { data, withStore } = setup(fault);
      const { rt, fail } = runtime();
      await withStore(rt, (kv) => kv.update('k', () => 1));
      await withStore(rt, (kv) => kv.update('k', (v) => (v as number) + 1));
      await withStore(rt, (kv) => kv.set('other', 'x'));
      expect(await withStore(rt, (kv) => kv.get('k'))).toBe(2);
      expect(await withStore(rt, (kv) => kv.all())).toEqual([
        ['k', 2],
        ['other', 'x'],
      ]);
      await withStore(rt, (kv) => kv.del('other'));
      expect(await withStore(rt, (kv) => kv.all())).toEqual([['k', 2]]);
      expect(data.size).toBe(0);
      expect(fail).toHaveBeenCalledTimes(1);
      expect(fail).toHaveBeenCalledWith('storage', expect.any(DOMException));
    },
  );

  it('an operation that fails is run again on memory: nothing the caller does is lost', async () => {
    const { withStore } = setup('quota');
    const { rt } = runtime();
    expect(await withStore(rt, async (kv) => (await kv.set('k', 'v'), kv.get('k')))).toBe('v');
  });
});
