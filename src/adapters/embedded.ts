import type { Runtime } from '../types/runtime';

/**
 * Heartbeats, keepalive and the server clock: one chunk, loaded (ESM build) only when one of them is set,
 * so apps that use none do not pay for them. Each part copes with starting after the session did.
 */
export function embedded(rt: Runtime): (() => void) | void {
  const { heartbeat, keepalive, serverClock } = rt.options;
  if (!heartbeat && !keepalive && !serverClock) return;
  let stop: (() => void) | void | false;
  import('./frames/embedded-parts').then(
    (m) => stop !== false && (stop = m.startEmbedded(rt)),
    (error) => rt.fail('load-embedded', error),
  );
  return () => {
    if (stop) stop();
    stop = false;
  };
}
