import { createWith } from '../../src/create-idle-logout';
import { syncWith } from '../../src/features/sync/index';
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
 * with the product's own eager part (`syncWith`): it keeps this tab's own activity and the election's answer (`st`),
 * and the transport arrives through the lazy loader. Each tab has its own window for page events.
 */
export function syncTab(env: Pick<SyncEnv, 'store' | 'link'> & Partial<Pick<SyncEnv, 'idle'>>, options: IdleLogoutOptions): Tab {
  const target = new EventTarget();
  let tab!: Pick<Tab, 'rt' | 'st'>;
  const feature: Feature = (rt) =>
    syncWith(rt, async (st) => {
      tab = { rt, st };
      return () => startSync(rt, st, { ...env, page: target });
    });
  const idle = createWith(options, [feature]);
  const logouts: LogoutEvent[] = [];
  const errors: ErrorEvent[] = [];
  idle.on('logout', (e) => logouts.push(e));
  idle.on('error', (e) => errors.push(e));
  const page = (type: 'pagehide' | 'pageshow', persisted: boolean) => target.dispatchEvent(Object.assign(new Event(type), { persisted }));
  const visibility = () => void target.dispatchEvent(new Event('visibilitychange'));
  return { idle, ...tab, logouts, errors, hide: () => page('pagehide', true), show: () => page('pageshow', true), visibility };
}
