/** A page's link to the other tabs of a token: its channel and its place in the election. */
export interface Link {
  post(message: unknown): void;
  /** Leaves the channel and the election (a lock held is released at once: another tab takes over). */
  close(): void;
}

/**
 * Opens the channel of the token hashed `hash` and enters its election: `hear` gets every message (untrusted: the receiver validates
 * it; nothing that arrives can make this throw), `lead` runs once this page is elected.
 *
 * Native BroadcastChannel and Web Locks where the page has them (every supported browser, top level): nothing
 * here listens to `unload`/`beforeunload` (broadcast-channel's elections do, through its `unload` dependency),
 * which would keep pages out of the back/forward cache. broadcast-channel, loaded only then, where the native
 * channel is missing or the locks are refused (see `fallback.ts`).
 *
 * The wire keeps the package's envelope (`{ type: 'message', time, data }`): tabs still running a build that sent
 * through the package, and frames electing over it on the same channel, share it with this one.
 */
export function link(hash: string, hear: (x: unknown) => void, lead: () => void, fail: (error: unknown) => void): Link {
  const name = 'idle-logout:' + hash;
  /** What closing undoes. */
  const left: Array<() => void> = [];
  let closed = false;
  let post: Link['post'] = () => {};
  const later = (f: (m: typeof import('./fallback')) => () => void) =>
    import('./fallback')
      .then((m) => void (closed || left.push(f(m))))
      .catch(fail);

  if (typeof BroadcastChannel === 'function') {
    try {
      const bc = new BroadcastChannel(name);
      bc.onmessage = ({ data: d }) => d && d.type === 'message' && hear(d.data);
      post = (data) => bc.postMessage({ type: 'message', time: Date.now() * 1000, data });
      left.push(() => bc.close());
    } catch (error) {
      // Refused (Firefox: a cross-site frame with third-party storage blocked); the package would meet the same
      // refusal. This page runs on its own clock and acts for itself (told after `link` returns, like every failure).
      Promise.reject(error).catch(fail);
    }
  } else
    void later((m) => {
      const c = m.packageChannel(name, hear);
      post = c.post;
      return c.close;
    });

  const elected = () => (closed ? undefined : lead());
  const refused = () => later((m) => m.packageElection(name, elected, fail));
  try {
    const stop = new AbortController();
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    // Held until this link closes (or the page dies: the browser frees it, and the next tab in line gets it).
    navigator.locks
      .request('idle-logout:lead:' + hash, { signal: stop.signal }, () => (elected(), held))
      // Refused (a cross-site frame: SecurityError), unless this link closed while it waited.
      .catch(() => void (stop.signal.aborted || refused()));
    left.push(() => (stop.abort(), release()));
  } catch {
    // No Web Locks at all.
    void refused();
  }
  return {
    post: (m) => post(m),
    close() {
      closed = true;
      left.splice(0).forEach((f) => f());
    },
  };
}
