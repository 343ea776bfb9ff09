import type { Feature } from '../types/runtime';
import { hashToken } from '../utils/hash';

/** How strongly a tab should lead: 2 focused, 1 visible, 0 in the background. */
const rank = () => (document.hasFocus() ? 2 : document.visibilityState === 'visible' ? 1 : 0);

/**
 * Who leads the person back after a shared logout (`lead` hook): each tab of a token shares its focus and
 * visibility over a BroadcastChannel named by the token's hash, so at logout every tab decides at once, with no
 * round trip, the same way: the best-ranked tab (focused, else visible) leads, ties to the smallest id; when no
 * tab is even visible, the acting (elected) tab does. A message is `[id, rank, ask]`: `ask` asks for the others'.
 */
export const start: Feature = (rt) => {
  if (typeof BroadcastChannel !== 'function' || typeof document !== 'object') return;
  const id = Math.random().toString(36).slice(2);
  const peers = new Map<string, number>();
  let channel: BroadcastChannel | undefined;
  let said = -1;
  let stopped = false;

  const say = (ask?: 1) => channel?.postMessage([id, (said = rank()), ask]);
  const onMessage = ({ data }: MessageEvent) => {
    // Anything else on the channel (another version, a bad actor) is ignored.
    if (!Array.isArray(data) || typeof data[0] !== 'string' || data[0].length > 32 || ![-1, 0, 1, 2].includes(data[1])) return;
    if (data[1] < 0) peers.delete(data[0]);
    else peers.set(data[0], data[1]);
    if (data[2] === 1) say();
  };
  const join = () => {
    channel?.close();
    channel = undefined;
    peers.clear();
    const key = rt.key();
    if (key)
      hashToken(key).then((hash) => {
        if (stopped || rt.key() !== key || channel) return;
        try {
          channel = new BroadcastChannel('idle-logout:presence:' + hash);
        } catch {
          // Refused (a cross-site frame with third-party storage blocked): no other tab can be heard; this one
          // decides alone (tab sync reports the refusal once).
          return;
        }
        channel.onmessage = onMessage;
        say(1);
      }, () => {});
  };
  const leave = () => channel?.postMessage([id, -1]);
  // Going (maybe into the back/forward cache): say so and close the channel, since a message arriving at a cached
  // page evicts it (Chrome: `broadcastchannel-message`). Back from the cache: join again, asking the others.
  const hide = () => {
    leave();
    channel?.close();
    channel = undefined;
  };
  const back = (e: PageTransitionEvent) => e.persisted && join();
  // Focus moving between the page's own elements changes nothing: only a new rank is news.
  const update = () => rank() !== said && say();
  const events = ['focus', 'blur', 'visibilitychange'];
  events.forEach((e) => addEventListener(e, update, true));
  addEventListener('pagehide', hide);
  addEventListener('pageshow', back);
  const off = rt.onChange((_, __, event) => event || join());
  join();

  return {
    hooks: {
      lead() {
        let best = rank();
        let leader = id;
        peers.forEach((r, peer) => {
          if (r > best || (r === best && peer < leader)) [best, leader] = [r, peer];
        });
        return best ? leader === id : rt.acts() !== false;
      },
    },
    stop() {
      stopped = true;
      off();
      leave();
      channel?.close();
      events.forEach((e) => removeEventListener(e, update, true));
      removeEventListener('pagehide', hide);
      removeEventListener('pageshow', back);
    },
  };
};
