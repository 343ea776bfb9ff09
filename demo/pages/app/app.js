// The agent app: a small single-page app that uses the ESM build of idle-logout the way a real one would.
// Everything the SDK does is visible: countdown, state, warning dialog, holds, polling that does not count,
// route and draft memory, the logout reason, and what the server thinks of the token.
import { createIdleLogout } from '/dist/index.mjs';
import { $, api, clock, forgetSignIn, goToSignIn, h, logLine, onSignInElsewhere, serverStats, timeOfDay, token, userName } from '/shared/session.js';

const here = () => location.pathname + location.search + location.hash;
const POLL_MS = 3000;
const QUEUE_TABS = { stats: 'Stats', members: 'Members' };

let settings; // the org's timeout, as GET /api/v2/tokens/timeout answered
let groups = []; // the person's group ids, as GET /api/v2/users/me?expand=groups answered
let idle; // the SDK instance
let pollCounts = false;
let pollOn = true;
let observations = []; // the poller's last answer
let queues; // GET /api/v2/routing/queues, once
let signedOut = false;
const releases = new Map(); // hold button → release()

/** Options are fixed at creation: the poller toggle re-creates the instance with a new `activity.api`. */
const apiActivity = () => (pollCounts ? true : { exclude: ['/analytics/'] });

function createIdle() {
  const instance = createIdleLogout({
    getToken: token,
    timeoutFrom: async () => settings,
    // Group timeouts: `supervisor` and `team-lead` get their group's timeout, not the org's.
    groups: () => groups,
    hipaa: settings.hipaa,
    unsafeShortTimeouts: true, // demo only: the org timeout may be as short as 10 s
    revoke: { url: '/api/v2/tokens/me', method: 'DELETE' },
    activity: { api: apiActivity(), input: true },
    // Input is activity the server cannot see: the keepalive tells it, at most every 10 s.
    keepalive: { url: '/api/v2/tokens/me', minIntervalMs: 10_000 },
    // No serverClock here: the server's deadline moves with every poll, so adopting it would let the
    // excluded poller keep the session alive after all. The embedded client (no poller) uses it.
    route: { userKey: userName },
    drafts: true,
    ui: { onSignIn: () => goToSignIn('/app/') },
  });
  instance.on('warning', ({ remainingMs }) => log(`warning: signed out in ${clock(remainingMs)} unless you act`));
  instance.on('active', () => log('active again'));
  instance.on('activity', ({ source }) => {
    // Every request and mouse move is activity: repeats of the same source update one line with a count.
    const top = $('#events').firstElementChild;
    if (top?.dataset.source === source) {
      top.dataset.count = String(Number(top.dataset.count) + 1);
      top.querySelector('time').textContent = timeOfDay();
      top.querySelector('span').textContent = `activity (${source}) ×${top.dataset.count}`;
      return;
    }
    log(`activity (${source})`);
    Object.assign($('#events').firstElementChild.dataset, { source, count: '1' });
  });
  instance.on('logout', ({ reason }) => onLogout(reason));
  instance.on('error', ({ code, error }) => log(`error ${code}: ${error?.message ?? error}`));
  return instance;
}

function onLogout(reason) {
  signedOut = true;
  log(`logout: ${reason}`);
  $('#restored').hidden = true;
  forgetSignIn(reason);
  $('#who').textContent = 'Signed out';
  $('#another-tab').hidden = true;
  $('#sign-out').hidden = true;
  for (const [button] of releases) setPressed(button, false);
  releases.clear();
  if (reason === 'manual') return goToSignIn('/app/');
  const notice = $('#signed-out');
  notice.replaceChildren(
    h('p', {}, h('strong', {}, 'Signed out: '), REASONS[reason] ?? reason),
    h('div', { className: 'row' }, h('button', { type: 'button', onclick: () => goToSignIn('/app/') }, 'Sign in again')),
  );
  notice.hidden = false;
  $('#poll-status').textContent = 'Stopped: signed out.';
}

const REASONS = {
  idle: 'no activity for the organization’s idle timeout. The SDK revoked the token (DELETE /api/v2/tokens/me).',
  revoked: 'the server ended the session (a 401: an admin logged you off, or the token idled out on the server).',
  scheduled: 'the scheduled end of your shift.',
};

const log = (text) => logLine($('#events'), text);

// ----- status strip ---------------------------------------------------------------------------------------

function tick() {
  if (!idle) return;
  const state = idle.state;
  const badge = $('#state');
  badge.textContent = state;
  badge.dataset.state = state;
  const ms = idle.remainingMs();
  $('#countdown').textContent = state === 'logged-out' ? '0:00' : clock(ms);
}

/** The timeout the server applies to this person: the matching group bundle with the lowest priority number, else the org's. */
function personalTimeout() {
  const { idleTokenTimeoutSeconds: org, hipaa, inactivityTimeoutGroupsEnabled: on, inactivityTimeoutGroupBundles: bundles = [] } = settings;
  const bundle = on ? bundles.filter((b) => b.groups.some((g) => groups.includes(g))).sort((a, b) => a.priority - b.priority)[0] : undefined;
  const cap = (s) => (hipaa ? Math.min(s, 900) : s);
  return bundle ? { seconds: cap(bundle.timeoutSeconds), group: bundle.groups.filter((g) => groups.includes(g)).join(', '), org } : { seconds: org };
}

function showPolicy() {
  const { enableIdleTokenTimeout: on, hipaa } = settings;
  const { seconds, group, org } = personalTimeout();
  const warn = Math.min(60, seconds / 2);
  $('#policy').textContent = !on
    ? 'The org has no idle timeout'
    : group
      ? `Idle timeout ${seconds} s for group ${group} (org ${org} s)${hipaa ? ' (HIPAA)' : ''} · warning ${warn} s before`
      : `Org idle timeout ${seconds} s${hipaa ? ' (HIPAA)' : ''} · warning ${warn} s before`;
  $('#warn-lead').textContent = on ? `${warn} s before the end` : 'never (no timeout)';
  $('#api-config').textContent = pollCounts
    ? 'activity: {\n  api: true,\n  input: true,\n}'
    : "activity: {\n  api: { exclude: ['/analytics/'] },\n  input: true,\n}";
}

// ----- router -----------------------------------------------------------------------------------------------

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/app/')) return;
  event.preventDefault();
  void navigate(url.pathname + url.search + url.hash);
});
addEventListener('popstate', () => (($('#restored').hidden = true), render().then(announce)));

/** `restored`: the SDK's saved route after sign-in; its banner stays, and the page stays at the top to show it. */
function navigate(to, { replace = false, restored = false } = {}) {
  // "Welcome back" belongs to the screen it brought back: the next screen drops it.
  if (!restored) $('#restored').hidden = true;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  return render({ scroll: !restored }).then(announce);
}

/** A route change swaps the view without a page load: name the new screen once, politely. */
const announce = () => ($('#view-status').textContent = $('#view h1')?.textContent ?? '');

async function render({ scroll = true } = {}) {
  const path = location.pathname.replace(/\/+$/, '') || '/app';
  for (const link of document.querySelectorAll('.topbar nav a')) {
    const target = new URL(link.href);
    link.toggleAttribute('aria-current', target.pathname === location.pathname);
    if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'page');
  }
  const view = $('#view');
  const match = /^\/app\/queues\/(\d+)$/.exec(path);
  let content;
  if (signedOut || !token()) content = [h('h1', {}, 'Signed out'), h('p', { className: 'muted' }, 'Sign in again to continue where you left off.')];
  else if (path === '/app' || path === '/app/queues') content = await queuesView();
  else if (match) content = await queueView(Number(match[1]));
  else if (path === '/app/profile') content = await profileView();
  else content = [h('h1', {}, 'Not found'), h('p', {}, 'No such screen. ', h('a', { href: '/app/queues' }, 'Go to the queues.'))];
  view.replaceChildren(...content);
  const anchor = scroll && location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  anchor?.scrollIntoView();
}

async function loadQueues() {
  if (!queues) {
    const { status, body } = await api('/api/v2/routing/queues');
    if (status === 200) queues = body.entities.map((queue, i) => ({ ...queue, n: i + 1 }));
  }
  return queues ?? [];
}

async function queuesView() {
  const list = await loadQueues();
  return [
    h('h1', {}, 'Queues'),
    h('p', { className: 'muted' }, 'Each screen is a route of this single-page app (history API). Open one, then let the session run out: after you sign in again you land back on it.'),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Queue'), h('th', { className: 'num' }, 'Members'), h('th', {}, h('span', { className: 'sr-only' }, 'Member list')))),
      h('tbody', {}, list.map((queue) =>
        h('tr', {},
          h('td', {}, h('a', { href: `/app/queues/${queue.n}?tab=stats#top` }, queue.name)),
          h('td', { className: 'num' }, String(queue.memberCount)),
          h('td', {}, h('a', { href: `/app/queues/${queue.n}?tab=members#top`, className: 'small' }, 'members')),
        ))),
    ),
  ];
}

async function queueView(n) {
  const queue = (await loadQueues()).find((q) => q.n === n);
  if (!queue) return [h('h1', {}, 'No such queue'), h('p', {}, h('a', { href: '/app/queues' }, 'Back to the queues'))];
  const tab = QUEUE_TABS[new URLSearchParams(location.search).get('tab')] ? new URLSearchParams(location.search).get('tab') : 'stats';
  const tabs = h('nav', { className: 'tabs', 'aria-label': 'Queue views' },
    Object.entries(QUEUE_TABS).map(([key, label]) =>
      h('a', { href: `/app/queues/${n}?tab=${key}#top`, 'aria-current': key === tab ? 'page' : null }, label)));
  const body = tab === 'stats'
    ? [h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Metric'), h('th', { className: 'num' }, 'Now'))), h('tbody', { id: 'stats-body', dataset: { queue: queue.id } })),
      h('p', { className: 'small muted' }, 'Live numbers from the background poller.')]
    : [h('ul', {}, Array.from({ length: queue.memberCount }, (_, i) => h('li', {}, `Agent ${String.fromCharCode(65 + i)}`)))];
  const view = [
    h('p', { className: 'small muted' }, h('a', { href: '/app/queues' }, '← Queues')),
    h('h1', { id: 'top' }, `${queue.name} queue`),
    tabs,
    ...body,
    h('form', { id: 'wrap-up', dataset: { idleDraft: '' }, className: 'stack', onsubmit: (e) => { e.preventDefault(); saved(e.target); } },
      h('div', { className: 'field' },
        h('label', { for: 'notes' }, 'Wrap-up notes'),
        h('textarea', { id: 'notes', name: 'notes', placeholder: 'Type a note and leave it unsaved…', 'aria-describedby': 'notes-help' }),
        h('span', { id: 'notes-help', className: 'small muted' }, 'Unsaved notes are kept when you are signed out, and filled in again after you sign in (SDK drafts).')),
      h('div', { className: 'row' }, h('button', { type: 'submit', className: 'secondary' }, 'Save notes'), h('span', { id: 'saved', className: 'small muted', role: 'status' }))),
  ];
  queueMicrotask(showStats);
  return view;
}

function saved(form) {
  form.reset();
  $('#saved').textContent = `Saved at ${timeOfDay()}.`;
}

function showStats() {
  const body = $('#stats-body');
  if (!body) return;
  const result = observations.find((r) => r.group.queueId === body.dataset.queue);
  const names = { oWaiting: 'Waiting', oInteracting: 'Interacting', oOnQueueUsers: 'Agents on queue' };
  body.replaceChildren(...(result
    ? result.data.map((d) => h('tr', {}, h('td', {}, names[d.metric] ?? d.metric), h('td', { className: 'num' }, String(d.stats.count))))
    : [h('tr', {}, h('td', { colspan: '2', className: 'muted' }, pollOn ? 'Waiting for the poller…' : 'The poller is off.'))]));
}

async function profileView() {
  const { status, body } = await api('/api/v2/users/me');
  if (status !== 200) return [h('h1', {}, 'Profile'), h('p', {}, `The server answered ${status}.`)];
  return [
    h('h1', {}, 'Profile'),
    h('p', { className: 'muted' }, 'GET /api/v2/users/me: what the server says about you. Reading it is an API call, so it counts as activity.'),
    h('dl', { className: 'kv' },
      h('dt', {}, 'Name'), h('dd', {}, body.name),
      h('dt', {}, 'User id'), h('dd', { className: 'mono' }, body.id),
      h('dt', {}, 'Admin'), h('dd', {}, body.admin ? 'yes' : 'no'),
      h('dt', {}, 'Presence'), h('dd', {}, badge(body.presence.presenceDefinition.systemPresence)),
      h('dt', {}, 'Routing status'), h('dd', {}, badge(body.routingStatus.status))),
  ];
}

const badge = (text) => h('span', { className: 'badge', dataset: { state: text } }, text);

// ----- background poller ------------------------------------------------------------------------------------

async function poll() {
  if (!pollOn || signedOut || !token()) return;
  try {
    const { status, body } = await api('/api/v2/analytics/queues/observations');
    if (status !== 200) return void ($('#poll-status').textContent = `Last poll ${timeOfDay()}: the server answered ${status}.`);
    observations = body.results;
    $('#poll-status').textContent = `Last poll ${timeOfDay()}: ${pollCounts ? 'counted as activity' : 'not counted as activity'}.`;
    showStats();
  } catch (error) {
    // After a logout the SDK refuses to send the dead token at all.
    $('#poll-status').textContent = `Refused by the SDK: ${error.name}.`;
  }
}

// ----- the server's view --------------------------------------------------------------------------------------

let myHash;
async function hashOf(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 12);
}

// ----- "why am I still signed in?" ---------------------------------------------------------------------------

/** The Activity panel: the last activity and the endpoints that counted; a counted poller gets an "Exclude it". */
async function showWhy() {
  if (!idle || signedOut) return;
  const { last, endpoints } = await idle.explain();
  const what = (e) => (e.url ? `${e.method} ${new URL(e.url).pathname}` : e.source);
  $('#why-last').textContent = last ? `Last activity: ${what(last)} at ${timeOfDay(last.at)}.` : 'Nothing counted yet.';
  $('#why-endpoints').replaceChildren(
    ...endpoints.slice(0, 5).map((e) =>
      h('li', {}, h('code', {}, e.endpoint), ` ×${e.count}`, ...(e.hint ? [h('br'), h('strong', {}, e.hint), ' ', excludeButton(e)] : [])),
    ),
  );
}

/** The demo's poller is the one endpoint it can leave out: the same switch as "Count the poller as activity". */
function excludeButton(e) {
  if (!e.path.includes('/analytics/')) return '';
  const button = h('button', { type: 'button', className: 'secondary' }, 'Exclude it');
  button.addEventListener('click', () => {
    $('#poll-counts').checked = false;
    $('#poll-counts').dispatchEvent(new Event('change'));
  });
  return button;
}

async function showServer() {
  try {
    const stats = await serverStats();
    const me = stats.users[userName()];
    for (const [id, value] of [['#presence', me?.systemPresence], ['#routing', me?.routingStatus]]) {
      $(id).textContent = value ?? '–';
      $(id).dataset.state = value ?? '';
    }
    const mine = myHash && stats.perToken[myHash];
    $('#requests').textContent = mine ? String(mine.requests) : '–';
    $('#keepalives').textContent = mine ? String(mine.keepalives) : '–';
  } catch {
    $('#presence').textContent = 'server unreachable';
  }
}

// ----- controls -----------------------------------------------------------------------------------------------

function setPressed(button, on) {
  button.setAttribute('aria-pressed', String(on));
  button.textContent = on ? `End ${button.dataset.label.toLowerCase()}` : button.dataset.label;
}

for (const [id, reason] of [['#hold-acw', 'after-call work'], ['#hold-call', 'voice call']]) {
  const button = $(id);
  button.dataset.label = button.textContent;
  button.addEventListener('click', () => {
    if (signedOut) return;
    const release = releases.get(button);
    if (release) {
      release();
      releases.delete(button);
      setPressed(button, false);
      log(`hold released: ${reason}`);
    } else {
      releases.set(button, idle.hold(reason));
      setPressed(button, true);
      log(`hold: ${reason} (no idle logout)`);
    }
  });
}

$('#shift-end').addEventListener('click', () => {
  if (signedOut) return;
  const at = Date.now() + 60_000;
  idle.logoutAt(at);
  $('#shift-status').textContent = `You will be signed out at ${timeOfDay(at)}, even if you keep working.`;
  $('#shift-cancel').hidden = false;
  log(`logout scheduled for ${timeOfDay(at)}`);
});
$('#shift-cancel').addEventListener('click', () => {
  idle.logoutAt(null);
  $('#shift-status').textContent = '';
  $('#shift-cancel').hidden = true;
  log('scheduled logout cancelled');
});

$('#poll-on').addEventListener('change', (event) => {
  pollOn = event.target.checked;
  $('#poll-status').textContent = pollOn ? 'Polling every 3 s.' : 'The poller is off.';
  showStats();
});

$('#poll-counts').addEventListener('change', async (event) => {
  pollCounts = event.target.checked;
  // Ticked before the app finished starting: main() creates the instance with this setting.
  if (!idle) return;
  if (signedOut) return showPolicy();
  idle.destroy();
  for (const [button] of releases) setPressed(button, false);
  releases.clear(); // holds belonged to the old instance
  settings = (await readSettings()) ?? settings;
  idle = window.idle = createIdle();
  showPolicy();
  log(`re-created the SDK instance: the poller ${pollCounts ? 'now counts' : 'no longer counts'} as activity`);
});

$('#another-tab').addEventListener('click', () => {
  // The sign-in is shared (localStorage), so the new tab has the same token. window.open also copies this tab's
  // sessionStorage, the SDK's tab id included: the SDK sees the id is taken and gives the new tab its own, so
  // each tab gets back its own screen after a logout.
  window.open(location.href, '_blank');
});
$('#sign-out').addEventListener('click', () => (idle ? idle.logout() : goToSignIn('/app/')));

async function readSettings() {
  const { status, body } = await api('/api/v2/tokens/timeout');
  if (status === 401) {
    forgetSignIn('revoked');
    goToSignIn(here());
    return undefined;
  }
  return body;
}

// ----- start ---------------------------------------------------------------------------------------------------

async function readGroups() {
  const { status, body } = await api('/api/v2/users/me?expand=groups');
  return status === 200 ? (body.groups ?? []).map((group) => group.id) : [];
}

/** After a sign-in: the screen this tab showed at its logout, with its banner, else the current screen. */
async function restore() {
  const back = await idle.takeSavedRoute();
  if (back && back !== here()) {
    await navigate(back, { replace: true, restored: true });
    const notice = $('#restored');
    notice.replaceChildren(h('p', {}, 'Welcome back. The SDK brought you back to ', h('code', {}, back), ', the screen you had when you were signed out.'));
    notice.hidden = false;
  } else {
    await render();
  }
}

// One sign-in for all tabs: another tab signed in (this one may show "Sign-in continues in another tab").
onSignInElsewhere(async () => {
  if (!idle) return location.reload();
  $('#who').textContent = `Signed in as ${userName()}`;
  myHash = await hashOf(token());
  if (!signedOut) return;
  signedOut = false;
  // Reading the state makes the SDK pick up the new token: its signed-out notice closes.
  void idle.state;
  $('#signed-out').hidden = true;
  $('#another-tab').hidden = $('#sign-out').hidden = false;
  $('#poll-status').textContent = pollOn ? 'Polling every 3 s.' : 'The poller is off.';
  log(`signed in as ${userName()} in another tab`);
  await restore();
});

async function main() {
  if (!token()) return goToSignIn(here());
  $('#who').textContent = `Signed in as ${userName()}`;
  settings = await readSettings();
  if (!settings) return;
  groups = await readGroups();
  myHash = await hashOf(token());
  // The boxes as they are now: ticked while the app started, or restored by the browser on a reload.
  pollOn = $('#poll-on').checked;
  pollCounts = $('#poll-counts').checked;
  idle = createIdle();
  window.idle = idle; // for the console and the e2e tests
  showPolicy();
  // The sign-in round trip lands on /app/; the SDK remembers the screen this tab showed at its logout.
  await restore();
  log(`signed in as ${userName()}`);
  setInterval(tick, 250);
  tick();
  setInterval(poll, POLL_MS);
  void poll();
  setInterval(showServer, 2000);
  void showServer();
  setInterval(showWhy, 2000);
}

main().catch((error) => {
  const notice = $('#signed-out');
  notice.textContent = `The demo failed to start: ${error.message}`;
  notice.hidden = false;
  throw error;
});
