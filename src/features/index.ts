import type { Feature } from '../types/runtime';
import { explain } from './explain/index';
import { lazyFeature } from './load';
import { memory } from './memory/index';
import { requests } from './requests/index';
import { revoke } from './revoke';
import { schedule } from './schedule';
import { snapshot } from './snapshot';
import { sync } from './sync/index';

/**
 * Every feature, listed once, in the order they start (and stop in reverse). Order matters in one place only:
 * features that watch session changes see them in this order, so `revoke` and `sync` act on a logout before
 * `memory` and `ui` show it, and all of them before the app's own `logout` handlers run.
 */
export const FEATURES: Feature[] = [
  requests,
  explain,
  lazyFeature((o) => o.timeoutFrom, () => import('./server-policy')),
  // Loaded as the instance starts: a few milliseconds without them change nothing, and the first requests are seen.
  lazyFeature(() => typeof window == 'object', () => import('./wake')),
  lazyFeature((o) => o.activity?.input, () => import('./input')),
  revoke,
  sync,
  lazyFeature((o) => o.sync !== false, () => import('./lead')),
  lazyFeature((o) => o.heartbeat, () => import('./heartbeat')),
  lazyFeature((o) => o.workers, () => import('./workers')),
  lazyFeature((o) => o.keepalive, () => import('./keepalive')),
  lazyFeature((o) => o.serverClock, () => import('./server-clock')),
  memory,
  schedule,
  lazyFeature((o) => o.schedule, () => import('./shift')),
  lazyFeature((o) => o.ui, () => import('./ui')),
  // Last: `subscribe` listeners are the app's, and see a change after every feature acted on it.
  snapshot,
];
