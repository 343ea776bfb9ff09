import { BroadcastChannel, createLeaderElection, type BroadcastMethod } from 'broadcast-channel';

/**
 * broadcast-channel, for the pages that lack what tab sync normally uses (loaded only there): its channel where
 * there is no native BroadcastChannel, its message-based election where Web Locks are refused (a cross-site
 * frame: SecurityError), which works over the frame's partitioned channel, so frames sharing a token still
 * elect one to act.
 */

/** The package's channel, for messages: `hear` gets what arrives (untrusted: the receiver validates it). */
export function packageChannel(name: string, hear: (x: unknown) => void) {
  // No worker ever listens: without webWorkerSupport the package's fallback is localStorage.
  let c: BroadcastChannel;
  try {
    c = new BroadcastChannel(name, { webWorkerSupport: false });
  } catch (cause) {
    // The package's own words ("No usable method found in [...]") name transports the script-tag build strips on
    // purpose; say what it means for the page.
    throw new Error('tab sync: this browser has no BroadcastChannel; this page runs on its own clock', { cause });
  }
  c.onmessage = hear;
  return { post: (m: unknown) => void c.postMessage(m).catch(() => {}), close: () => void c.close() };
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object';

/**
 * The native channel as the package's transport, dropping anything but its election's own messages (an object
 * in the package's envelope) before the package's dispatcher, which throws on `null`, `{ type: 'constructor' }`…
 * from a hostile script on the same origin.
 */
const guarded: BroadcastMethod<{ bc: globalThis.BroadcastChannel }> = {
  type: 'native',
  microSeconds: () => Date.now() * 1000,
  create: (name) => ({ bc: new globalThis.BroadcastChannel(name) }),
  close: (s) => s.bc.close(),
  onMessage(s, fn) {
    s.bc.onmessage = fn && (({ data: d }) => isObject(d) && d.type === 'internal' && typeof d.time === 'number' && isObject(d.data) && fn(d));
  },
  postMessage: async (s, m) => s.bc.postMessage(m),
  canBeUsed: () => typeof globalThis.BroadcastChannel === 'function',
  averageResponseTime: () => 150,
};

/**
 * The package's election over its own channel named `name`: `lead` runs once this page is elected. Web Locks are
 * hidden from the package for the one synchronous call that picks its kind of election (it would pick the refused
 * locks). Returns how to leave the election.
 */
export function packageElection(name: string, lead: () => void, fail: (error: unknown) => void): () => void {
  const c = new BroadcastChannel(name, { webWorkerSupport: false, methods: guarded });
  const own = Object.getOwnPropertyDescriptor(navigator, 'locks');
  try {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    createLeaderElection(c).awaitLeadership().then(lead, fail);
  } catch (error) {
    fail(error);
  } finally {
    if (own) Object.defineProperty(navigator, 'locks', own);
    else delete (navigator as { locks?: unknown }).locks;
  }
  return () => void c.close();
}
