import type { Link } from '../../src/features/sync/link';
import type { SyncEnv } from '../../src/features/sync/transport';
import type { KV } from '../../src/utils/storage';

/**
 * The origin's shared parts as several tabs in one test process see them, for tab sync's transport
 * (`startSync(rt, st, { store, link })`): a BroadcastChannel and a Web-Locks election per name, and an
 * IndexedDB-like store. Browser semantics kept where the transport depends on them: a message reaches every
 * other open link of the name, never its sender, later (not inside `post`) and as a copy; the election's lock
 * goes to the first link in line and, when it closes, to the next; stored values are copies.
 */
export function fakeBus() {
  interface Member {
    name: string;
    hear(x: unknown): void;
    lead(): void;
    open: boolean;
  }
  const members: Member[] = [];
  /** Every message posted, by channel name, in order (what a DevTools observer of the channel would see). */
  const posted: Array<{ name: string; data: unknown }> = [];
  /** How long a message takes to arrive (0: the next microtask). */
  let delay = 0;

  const deliver = (from: Member | undefined, name: string, data: unknown) => {
    posted.push({ name, data });
    const copy = structuredClone(data);
    for (const m of members)
      if (m !== from && m.name === name) {
        const arrive = () => m.open && m.hear(copy);
        if (delay) setTimeout(arrive, delay);
        else queueMicrotask(arrive);
      }
  };
  /** The lock holder of each election: the first open link of the name (the line is join order). */
  const holder = (name: string) => members.find((m) => m.name === name && m.open);

  const link: SyncEnv['link'] = (hash, hear, lead) => {
    const m: Member = { name: 'idle-logout:' + hash, hear, lead, open: true };
    members.push(m);
    if (holder(m.name) === m) queueMicrotask(() => m.open && m.lead());
    return {
      post: (data) => m.open && deliver(m, m.name, data),
      close() {
        if (!m.open) return;
        const had = holder(m.name) === m;
        m.open = false;
        members.splice(members.indexOf(m), 1);
        const next = had && holder(m.name);
        if (next) queueMicrotask(() => next.open && next.lead());
      },
    } satisfies Link;
  };

  return {
    link,
    posted,
    /**
     * Every link open now dies as a crashed page's would: it hears nothing and its posts reach nobody from now on,
     * and the browser frees its lock (the next in line is elected). Returns a `close` for the rest of them.
     */
    crash(links: Member[] = members.slice()) {
      for (const m of links) {
        const had = holder(m.name) === m;
        m.open = false;
        members.splice(members.indexOf(m), 1);
        const next = had && holder(m.name);
        if (next) queueMicrotask(() => next.open && next.lead());
      }
    },
    /** Every message from now on takes `ms` to arrive (a busy machine: the other tabs answer late). */
    lag: (ms: number) => void (delay = ms),
    /** The links open now (to crash some of them later). */
    members: () => members.slice(),
    /** Posts as a script of the origin that is not a tab (a hostile one, or an older build): `data` as is. */
    inject: (hash: string, data: unknown) => deliver(undefined, 'idle-logout:' + hash, data),
    /** The open links on the channel of `hash`. */
    open: (hash: string) => members.filter((m) => m.name === 'idle-logout:' + hash).length,
  };
}

/** The key-value store every tab of the origin shares (IndexedDB's role): values go in and out as copies. */
export function memoryStore(map = new Map<string, unknown>()) {
  const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  const kv: KV = {
    get: async (k) => copy(map.get(k)),
    set: async (k, v) => void map.set(k, copy(v)),
    update: async (k, f) => void map.set(k, copy(f(copy(map.get(k))))),
    del: async (k) => void map.delete(k),
    all: async () => [...map].map(([k, v]) => [k, copy(v)] as [string, unknown]),
  };
  const store: SyncEnv['store'] = (_rt, f) => f(kv);
  return { store, map };
}
