// The globals that more than one test page sets, declared once: `tsc -p tsconfig.test.json` checks every spec in one
// program, where each spec's `declare global { interface Window … }` merges with the others' and a property must have
// the same type in all of them. A global only one spec reads stays in that spec's own block.
import type { IdleLogout } from '../../src/index';

declare global {
  interface Window {
    /** The page's instance (every page that makes one calls it `idle`). */
    idle: IdleLogout;
    /** true once a frame page connected (frames-*.html); settles once the SDK runs (rel-sync.js, revoke-app.js). */
    ready: boolean | Promise<void>;
  }
}
