import type { ApiCheck } from '../types/runtime';
import { explain } from './explain/index';
import { chunkFeature } from './load';
import { memory } from './memory/index';
import { requests } from './requests/index';
import { early } from './revoke-early';
import { schedule } from './schedule';
import { snapshot } from './snapshot';
import { sync } from './sync/index';

/**
 * Every feature, listed once, in the order they start (and stop in reverse). Order matters in one place only:
 * features that watch session changes see them in this order, so `revoke` and `sync` act on a logout before
 * `memory` and `ui` show it, and all of them before the app's own `logout` handlers run.
 */
export const FEATURES = [
  requests,
  explain,
  // Every instance (`Boolean(options)`): the chunk itself checks that the browser has resource timing.
  chunkFeature('unseen', Boolean),
  chunkFeature('timeoutFrom'),
  // Loaded as the instance starts: a few milliseconds without them change nothing, and the first requests are seen.
  chunkFeature('wake', () => typeof window === 'object'),
  chunkFeature('input', (o) => o.activity?.input),
  // What to revoke is read at the logout itself, also before the chunk runs (`revoke-early.ts`).
  chunkFeature('revoke', undefined, early),
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
] as const;

/** A compile error here names a public method that no feature adds (`missing`) or that two add (`doubled`). */
export type FeaturesAddEachMethodOnce = Once<ApiCheck<typeof FEATURES>>;
type Once<C extends { missing: never; doubled: never }> = C;
