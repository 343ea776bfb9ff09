import { randomId } from '../../utils/ids';

/** Where a tab keeps its id: sessionStorage, which survives a reload and a sign-in redirect of this tab. */
export interface TabStore {
  get(): unknown;
  set(id: string): void;
}

/** How long a tab that found an id waits for a live tab holding it to say so (same machine: a few ms). */
export const TAB_ANSWER_MS = 250;

/**
 * Claims this tab's id: the one in `store` unless another live tab holds it, else a new one (kept in `store`).
 * `window.open` and "Duplicate tab" copy sessionStorage, id included, so an id found there is asked about on a
 * channel first (`{ ask, n }`); a tab holding it answers (`{ mine, to: n }`), and the asker takes a new id. The
 * answer is awaited for `wait` ms at most; a reload finds nobody (its old page is gone) and keeps its id. Fail
 * closed: a tab never takes an id another tab answered for, so the original keeps its saved route and drafts, and
 * the copy starts with none (restoring one tab's drafts in two would make two copies of one unsent piece of work).
 * Two tabs asking for one id at once: the lower random `n` keeps it. An answer arriving late still moves the asker
 * to a new id, for what it saves later. Returns the id, and the page's answers go on for as long as it lives.
 */
export function claimTab(store: TabStore, open: () => BroadcastChannel | undefined, wait = TAB_ANSWER_MS): () => Promise<string> {
  const found = store.get();
  const fresh = () => {
    const id = randomId();
    store.set(id);
    return id;
  };
  let id = typeof found === 'string' && /^[a-z0-9]{4,16}$/.test(found) ? found : fresh();
  const n = Math.random();
  /** Still waiting for answers. */
  let asking = found === id;
  let done = () => {};
  let channel: BroadcastChannel | undefined;
  try {
    channel = open();
  } catch {
    // Refused (a cross-site frame with storage blocked): no tab can answer, and none can ask this one.
  }
  if (!channel) asking = false;
  else
    channel.onmessage = ({ data: m }) => {
      if (!m || typeof m !== 'object') return;
      // Asked by a tab that drew a lower `n` while this one still asks: that tab keeps the id (it may not have
      // heard this one's ask, sent before it listened).
      const yields = m.ask === id && asking && m.n < n;
      if (m.ask === id && !yields) channel!.postMessage({ mine: id, to: m.n });
      else if (yields || (m.mine === id && m.to === n)) {
        id = fresh();
        asking = false;
        done();
      }
    };
  const claimed = asking
    ? new Promise<void>((resolve) => {
        done = resolve;
        channel!.postMessage({ ask: id, n });
        setTimeout(resolve, wait);
      }).then(() => void (asking = false))
    : Promise.resolve();
  return () => claimed.then(() => id);
}

let page: (() => Promise<string>) | undefined;

/**
 * This browser tab's id, claimed once per page (see `claimTab`): route and draft memory key what they save by it,
 * so each tab, and each copy of a tab, gets back its own. Where sessionStorage is refused, the id lasts as long as
 * the page.
 */
export function tabId(): Promise<string> {
  const key = 'idle-logout-tab';
  let mem: string | undefined;
  return (page ||= claimTab(
    {
      get() {
        try {
          return sessionStorage[key];
        } catch {
          return mem;
        }
      },
      set(id) {
        try {
          sessionStorage[key] = id;
        } catch {
          mem = id;
        }
      },
    },
    // Pages only: on a server (Node has BroadcastChannel) an open channel would keep the process alive.
    () => (typeof BroadcastChannel === 'function' && typeof document === 'object' ? new BroadcastChannel('idle-logout:tab') : undefined),
  ))();
}
