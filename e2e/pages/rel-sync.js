// One page for e2e/reliability.spec.ts. The token comes in the fragment, the rest in the query:
//   build=esm|iife (which build: dist/index.mjs through the import map, or the script-tag build),
//   timeout, warn (seconds; short ones need unsafeShortTimeouts), sync=0 (tab sync off).
// `window.token` may be changed by the test (a re-login); `window.ready` settles once the SDK runs.
const q = new URLSearchParams(location.search);
window.token = location.hash.slice(1);
window.events = [];
window.errors = [];
addEventListener('error', (e) => window.errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.errors.push(String(e.reason)));

async function load() {
  if (q.get('build') === 'esm') return import('/dist/index.mjs');
  await new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/dist/idle-logout.iife.js';
    s.onload = resolve;
    s.onerror = reject;
    document.head.append(s);
  });
  return window.IdleLogout;
}

window.ready = load().then(({ createIdleLogout }) => {
  window.idle = createIdleLogout({
    getToken: () => window.token || null,
    timeoutMs: (+q.get('timeout') || 900) * 1000,
    warnBeforeMs: (+q.get('warn') || 60) * 1000,
    unsafeShortTimeouts: true,
    sync: q.get('sync') !== '0',
    revoke: { url: '/api/v2/tokens/me', method: 'DELETE' },
  });
  for (const name of ['warning', 'active', 'logout', 'error']) {
    window.idle.on(name, (e) => window.events.push(name === 'logout' ? `logout:${e.reason}` : name === 'error' ? `error:${e.code}` : name));
  }
});
window.callApi = () =>
  fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${window.token}` } }).then((r) => r.status, (e) => e.name);
/** The token's tab-sync channel name, as the SDK derives it (hex SHA-256 of the token). */
window.channelName = async (token = window.token) => {
  const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return 'idle-logout:' + Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
};
