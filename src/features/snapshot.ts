import { deadline } from '../core/session';
import type { IdleSnapshot } from '../types/options';
import type { Feature } from '../types/runtime';
import type { Session } from '../types/session';
import { createEmitter } from '../utils/emitter';

/**
 * `subscribe` / `getSnapshot`: one frozen snapshot of the session, replaced only when what it shows changes, so
 * UI frameworks re-render on changes alone. Driven by the session's changes: nothing here polls.
 */
export const snapshot: Feature<'subscribe' | 'getSnapshot'> = (rt) => {
  // A throwing listener is the app's bug: reported like a throwing event handler, and the others still run.
  const changes = createEmitter<{ change: IdleSnapshot }>();
  let snap: IdleSnapshot = Object.freeze({ state: 'logged-out', deadline: 0 });
  const stop = rt.onChange((s?: Session) => {
    const next: IdleSnapshot = s && s.state !== 'logged-out' ? { state: s.state, deadline: deadline(s) } : { state: 'logged-out' as const, deadline: 0, reason: s?.reason };
    if (next.state === snap.state && next.deadline === snap.deadline && next.reason === snap.reason) return;
    changes.emit('change', (snap = Object.freeze(next)));
  });
  return {
    stop: () => (stop(), changes.clear()),
    api: {
      subscribe: (listener) => changes.on('change', listener),
      getSnapshot: () => snap,
    },
  };
};
