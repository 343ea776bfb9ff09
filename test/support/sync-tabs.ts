import { createWith } from '../../src/create-idle-logout';
import { lazy } from '../../src/features/load';
import { startSync, type SyncEnv, type SyncState } from '../../src/features/sync/transport';
import type { ErrorEvent, IdleLogout, IdleLogoutOptions, LogoutEvent } from '../../src/index';
import type { Feature, Runtime } from '../../src/types/runtime';

export interface Tab {
  idle: IdleLogout;
  /** The runtime tab sync was given: its composed hooks are what the shell asks (`acts()`: this tab acts). */
  rt: Runtime;
  st: SyncState;
  logouts: LogoutEvent[];
  errors: ErrorEvent[];
  /** This tab's page going away (`pagehide`), or coming back from the back/forward cache (`pageshow`, persisted). */
  hide(): void;
  show(): void;
  /** The page's `visibilitychange` (set `document.visibilityState` first). */
  visibility(): void;
}

/**
 * One tab of the origin: an instance whose only feature is tab sync, on `env` (the tests' store and bus), started
 * the way `features/sync/index.ts` starts it: its eager part keeps this tab's own activity and the election's
 * answer (`st`), the transport arrives through the lazy loader. Each tab has its own window for page events.
 * (The eager part is repeated here, not imported: taking an `env` there would cost the initial import ~20 bytes.)
 */
export function syncTab(env: Pick<SyncEnv, 'store' | 'link'> & Partial<Pick<SyncEnv, 'idle'>>, options: IdleLogoutOptions): Tab {
  const target = new EventTarget();
  let tab!: Pick<Tab, 'rt' | 'st'>;
  const feature: Feature = (rt) => {
    const st: SyncState = { known: -Infinity, replaying: false, lead: null };
    tab = { rt, st };
    const off = rt.onChange((s, prev, e) => {
      if (e) {
        if (s && prev && s.last > prev.last && s.last > st.known) st.known = s.last;
        return;
      }
      st.known = -Infinity;
      st.read?.();
      if (s)
        st.wait = new Promise((end) => {
          const t = setTimeout((st.read = () => (clearTimeout(t), (st.wait = st.read = undefined), end())), 300);
        });
    });
    const transport = lazy(rt, async () => () => startSync(rt, st, { ...env, page: target }));
    return {
      stop() {
        off();
        st.read?.();
        transport.stop();
      },
      hooks: { acts: () => !st.replaying && (st.lead === undefined || st.lead), confirmIdle: () => st.rejoining, ready: () => st.wait },
    };
  };
  const idle = createWith(options, [feature]);
  const logouts: LogoutEvent[] = [];
  const errors: ErrorEvent[] = [];
  idle.on('logout', (e) => logouts.push(e));
  idle.on('error', (e) => errors.push(e));
  const page = (type: 'pagehide' | 'pageshow', persisted: boolean) => target.dispatchEvent(Object.assign(new Event(type), { persisted }));
  const visibility = () => void target.dispatchEvent(new Event('visibilitychange'));
  return { idle, ...tab, logouts, errors, hide: () => page('pagehide', true), show: () => page('pageshow', true), visibility };
}
