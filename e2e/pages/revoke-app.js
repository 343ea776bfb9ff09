// One page for e2e/revoke.spec.ts. The token comes in the fragment (never in server logs), the rest in the query:
//   builds=esm | iife | esm,iife | iife,esm: which copies of the SDK to create, in that order (esm: dist/index.mjs
//     through the import map, as an app bundles it; iife: the script-tag build, global `IdleLogout`). Default esm.
//   timeout, warn: seconds (default 900 and 60); from=1: the timeout comes from GET /api/v2/tokens/timeout instead.
//   ahead: revokeAheadMs (absent: the SDK's default).
//   early=N: right after creation make the first API request, then `logout()` N ms later (0: in the same task).
// Every copy gets the same token, tab sync (default on) and revoke: { url: '/api/v2/tokens/me' } (DELETE).
// `window.token` may be changed by the test (null: the auth library removed it). `window.ready` settles once all run.
const q = new URLSearchParams(location.search);
const builds = (q.get('builds') || 'esm').split(',');
window.token = location.hash.slice(1);
/** Per copy: its events, as `name` or `logout:<reason>` or `error:<code>:<error name and message>`. */
window.events = {};
window.idles = {};
/** Uncaught errors and unhandled rejections in the page. */
window.errors = [];
addEventListener('error', (e) => window.errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.errors.push(String(e.reason?.name ?? '') + ': ' + String(e.reason?.message ?? e.reason)));

const auth = () => ({ Authorization: `Bearer ${window.token}` });
/** An API call with the token; `window.lastCall` is when the latest started (this page's clock). */
window.callApi = () => {
  window.lastCall = Date.now();
  return fetch('/api/v2/users/me', { headers: auth() }).then((r) => r.status, (e) => e.name);
};

function loadIife() {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/dist/idle-logout.iife.js';
    s.onload = () => resolve(window.IdleLogout);
    s.onerror = reject;
    document.head.append(s);
  });
}

function create(sdk, build) {
  const options = {
    getToken: () => window.token || null,
    warnBeforeMs: (+q.get('warn') || 60) * 1000,
    unsafeShortTimeouts: true,
    revoke: { url: '/api/v2/tokens/me' },
  };
  if (q.get('from') === '1') options.timeoutFrom = () => fetch('/api/v2/tokens/timeout', { headers: auth() }).then((r) => r.json());
  else options.timeoutMs = (+q.get('timeout') || 900) * 1000;
  if (q.has('ahead')) options.revokeAheadMs = +q.get('ahead');
  const idle = sdk.createIdleLogout(options);
  const events = (window.events[build] = []);
  for (const name of ['warning', 'active', 'logout', 'error']) {
    idle.on(name, (e) => {
      if (name === 'logout') window.loggedOutAt ??= Date.now();
      events.push(
        name === 'logout' ? `logout:${e.reason}` : name === 'error' ? `error:${e.code}:${e.error?.name ?? ''}: ${e.error?.message ?? e.error}` : name,
      );
    });
  }
  return (window.idles[build] = idle);
}

window.ready = (async () => {
  // Both copies are loaded before either is created, so only the creation order differs between runs.
  const sdks = {};
  for (const build of builds) sdks[build] = build === 'esm' ? await import('/dist/index.mjs') : await loadIife();
  for (const build of builds) create(sdks[build], build);
  window.idle = window.idles[builds[0]];
  if (q.has('early')) {
    const delay = +q.get('early');
    window.callApi();
    if (delay === 0) window.idle.logout();
    else setTimeout(() => window.idle.logout(), delay);
  }
})();
