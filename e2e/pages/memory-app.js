// A small "agent desktop" for the route/draft/UI specs. An external file so the same app runs under
// `Content-Security-Policy: default-src 'self'` (ui.csp.html). Options come from the script tag's data-*.
const cfg = document.currentScript.dataset;
const NOTE = `<form id="note" data-idle-draft>
    <p><label>Subject <input name="subject"></label></p>
    <p><label>Notes <textarea name="body"></textarea></label></p>
    <p><label><input type="checkbox" name="urgent" value="yes"> Urgent</label></p>
    <p><label>Queue <select name="queue"><option>billing</option><option>support</option></select></label></p>
    <p><label>Password <input name="pw" type="password"></label></p>
    <p><label>Card <input name="card" autocomplete="cc-number"></label></p>
    <p><label>Private note <input name="private" data-idle-sensitive></label></p>
  </form>`;
document.body.insertAdjacentHTML('afterbegin', `<h1>Agent desktop</h1><p>Signed in as <b id="who"></b>, at <code id="where"></code></p>${NOTE}`);
/** The app renders its screen again: a new, empty form element in place of the old one. */
window.rerender = () => {
  document.querySelector('#note').outerHTML = NOTE;
};
window.events = [];
window.errors = [];
window.violations = [];
addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));

let token = null;
let user = null;
const $ = (s) => document.querySelector(s);
const render = () => {
  $('#who').textContent = user ? user.name : 'nobody (signed out)';
  $('#where').textContent = location.pathname + location.search + location.hash;
};

window.idle = IdleLogout.createIdleLogout({
  getToken: () => token,
  timeoutMs: Number(cfg.timeout || 5 * 60_000),
  warnBeforeMs: 60_000,
  revoke: { url: '/api/v2/tokens/me', method: 'DELETE' },
  route: { userKey: () => user && user.id, restore: true },
  drafts: true,
  ui: cfg.ui ? { onSignIn: () => (window.signInClicked = (window.signInClicked || 0) + 1) } : false,
  schedule: cfg.schedule ? { at: cfg.schedule, timeZone: 'UTC' } : undefined,
});
for (const name of ['warning', 'active', 'logout']) idle.on(name, (e) => window.events.push(name === 'logout' ? `logout:${e.reason}` : name));
idle.on('error', (e) => window.errors.push(e.code));
// The app's own reaction to a logout: it forgets the token and the person.
idle.on('logout', () => {
  token = null;
  user = null;
  render();
});

window.callApi = () => fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status, (e) => e.name);
window.signIn = async (name) => {
  const body = await (await fetch('/api/v2/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: name }) })).json();
  user = body.user;
  token = body.access_token;
  await window.callApi();
  render();
  return body;
};
/** Signs in with an existing token (the same token in several tabs shares one clock through tab sync). */
window.useToken = async (t, u) => {
  user = u;
  token = t;
  await window.callApi();
  render();
};
window.go = (path) => {
  history.pushState(null, '', path);
  render();
};
window.storedRecords = () =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open('idle-logout-memory');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('routes')) return resolve([]);
      const all = db.transaction('routes').objectStore('routes').getAll();
      all.onsuccess = () => resolve(all.result);
    };
  });
addEventListener('popstate', render);
render();
