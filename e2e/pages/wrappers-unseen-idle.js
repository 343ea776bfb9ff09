// The instance for e2e/wrappers.spec.ts's unseen-requests pages, built from the sources (its check,
// src/features/requests/unseen.ts, is a chunk every instance loads at start); and the page's own resource observer:
// the browser hands an entry to every observer in one task, so a test that sees an entry there knows the SDK's
// observer has had it too.
import { createIdleLogout } from '../../src/index';

export const idle = createIdleLogout({ getToken: () => sessionStorage.getItem('access_token'), timeoutMs: 15 * 60_000 });
const errors = [];
let counted = 0;
const finished = [];
idle.on('error', (e) => void errors.push({ code: e.code, url: e.error.url, message: e.error.message }));
idle.on('activity', (e) => void (e.source === 'api' && counted++));
new PerformanceObserver((list) => void finished.push(...list.getEntries().map((e) => e.name))).observe({ type: 'resource' });
export const probe = { errors: () => errors, counted: () => counted, finished: () => finished };
