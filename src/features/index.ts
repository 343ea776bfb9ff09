import type { Feature } from '../types/runtime';
import { explain } from './explain/index';
import { chunkFeature } from './load';
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
  chunkFeature('timeoutFrom'),
  // Loaded as the instance starts: a few milliseconds without them change nothing, and the first requests are seen.
  chunkFeature('wake', () => typeof window === 'object'),
  chunkFeature('input', (o) => o.activity?.input),
  revoke,
  sync,
  chunkFeature('lead', (o) => o.sync !== false),
  chunkFeature('heartbeat'),
  chunkFeature('workers'),
  chunkFeature('keepalive'),
  chunkFeature('serverClock'),
  memory,
  schedule,
  chunkFeature('schedule'),
  chunkFeature('ui'),
  // Last: `subscribe` listeners are the app's, and see a change after every feature acted on it.
  snapshot,
];
