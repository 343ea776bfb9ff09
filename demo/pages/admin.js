// The admin page: org timeout, HIPAA flag and group timeouts, and logging users off. It signs in as `admin` by itself (the demo
// has no passwords) and again whenever its own token has idled out.
import { $, h, signIn } from '/shared/session.js';

const KEY = 'idle-demo.admin-token';

async function call(path, { method = 'GET', body } = {}, retry = true) {
  let adminToken = sessionStorage.getItem(KEY);
  if (!adminToken) {
    adminToken = (await signIn('admin')).access_token;
    sessionStorage.setItem(KEY, adminToken);
  }
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401 && retry) {
    // The admin's own token idled out too: sign in again once.
    sessionStorage.removeItem(KEY);
    return call(path, { method, body }, false);
  }
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const describe = (s) => {
  const bundles = s.inactivityTimeoutGroupBundles.length;
  const groups = s.inactivityTimeoutGroupsEnabled && bundles ? `, group timeouts on (${bundles} bundle${bundles === 1 ? '' : 's'})` : '';
  return `${s.enableIdleTokenTimeout ? `${s.idleTokenTimeoutSeconds} s` : 'no idle timeout'}${s.hipaa ? ', HIPAA' : ''}${groups}`;
};

function show(settings) {
  $('#seconds').value = String(settings.idleTokenTimeoutSeconds);
  $('#enabled').checked = settings.enableIdleTokenTimeout;
  $('#hipaa').checked = settings.hipaa;
  $('#groups-enabled').checked = settings.inactivityTimeoutGroupsEnabled;
  showBundles(settings.inactivityTimeoutGroupBundles);
  $('#current').textContent = describe(settings);
}

// Group timeout bundles, edited as one fieldset each and read back from the form on save. Input ids carry the
// bundle's position, which is its index in the body sent, so a 400 naming `inactivityTimeoutGroupBundles[2].priority`
// finds the input to mark and focus.
const MAX_BUNDLES = 5;
const UNIT_SECONDS = { Minutes: 60, Hours: 3600 };
/** What the server's field names map to in a bundle's fieldset. */
const BUNDLE_INPUTS = { priority: 'priority', timeoutSeconds: 'amount', inactivityTimeoutUnit: 'unit', groups: 'groups' };

/** Numbers go as numbers; anything else as typed, so the server's message says what is wrong with it. */
const typed = (text) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const amountIn = (seconds, unit) => String(Math.round((seconds / UNIT_SECONDS[unit]) * 100) / 100);

function labelled(id, text, n, control) {
  return h('div', { className: 'field' }, h('label', { for: id }, text, h('span', { className: 'sr-only' }, ` of bundle ${n}`)), control);
}

function bundleFieldset(bundle, i) {
  const n = i + 1;
  const id = (part) => `bundle-${i}-${part}`;
  const unit = UNIT_SECONDS[bundle.inactivityTimeoutUnit] ? bundle.inactivityTimeoutUnit : 'Minutes';
  const seconds = bundle.timeoutSeconds;
  const shown = typeof seconds === 'number' ? amountIn(seconds, unit) : String(seconds ?? '');
  // The exact seconds ride along: an untouched "0.67 minutes" is sent back as the 40 s it came from.
  const amount = h('input', { id: id('amount'), className: 'short', type: 'number', min: '0', step: 'any', inputMode: 'decimal', value: shown });
  if (typeof seconds === 'number') Object.assign(amount.dataset, { seconds: String(seconds), shown, unit });
  return h('fieldset', { className: 'bundle' },
    h('legend', {}, `Bundle ${n}`),
    h('div', { className: 'row' },
      labelled(id('priority'), 'Priority', n, h('input', {
        id: id('priority'), className: 'short', type: 'number', min: '1', max: String(MAX_BUNDLES), step: '1', inputMode: 'numeric',
        value: String(bundle.priority ?? ''),
      })),
      labelled(id('amount'), 'Timeout', n, amount),
      labelled(id('unit'), 'Unit', n, h('select', { id: id('unit') },
        ...Object.keys(UNIT_SECONDS).map((name) => h('option', { value: name, selected: name === unit }, name.toLowerCase())))),
    ),
    labelled(id('groups'), 'Group ids, separated by commas', n, h('input', {
      id: id('groups'), type: 'text', autocomplete: 'off', spellcheck: 'false', value: (bundle.groups ?? []).join(', '),
    })),
    h('button', { type: 'button', className: 'danger', onclick: () => removeBundle(i) }, 'Remove', h('span', { className: 'sr-only' }, ` bundle ${n}`)),
  );
}

function showBundles(bundles) {
  $('#bundles').replaceChildren(...bundles.map(bundleFieldset));
  $('#add-bundle').disabled = bundles.length >= MAX_BUNDLES;
  $('#bundles-count').textContent = `${bundles.length} of ${MAX_BUNDLES} bundles${bundles.length >= MAX_BUNDLES ? ' (the most there may be)' : ''}`;
}

/** The bundles as the form holds them now, in the order shown. */
function readBundles() {
  return [...$('#bundles').children].map((_, i) => {
    const value = (part) => $(`#bundle-${i}-${part}`).value.trim();
    const amount = $(`#bundle-${i}-amount`);
    const unit = value('unit');
    const untouched = amount.dataset.seconds && amount.value.trim() === amount.dataset.shown && unit === amount.dataset.unit;
    const number = typed(value('amount'));
    return {
      priority: typed(value('priority')),
      timeoutSeconds: untouched ? Number(amount.dataset.seconds) : typeof number === 'number' ? Math.round(number * UNIT_SECONDS[unit]) : number,
      groups: value('groups').split(',').map((group) => group.trim()).filter(Boolean),
      inactivityTimeoutUnit: unit,
    };
  });
}

$('#add-bundle').addEventListener('click', () => {
  const bundles = readBundles();
  if (bundles.length >= MAX_BUNDLES) return;
  const free = [1, 2, 3, 4, 5].find((priority) => !bundles.some((bundle) => bundle.priority === priority));
  const seconds = typed($('#seconds').value.trim());
  bundles.push({ priority: free, timeoutSeconds: typeof seconds === 'number' ? seconds : 900, groups: [], inactivityTimeoutUnit: 'Minutes' });
  showBundles(bundles);
  $(`#bundle-${bundles.length - 1}-priority`).focus();
});

function removeBundle(i) {
  const bundles = readBundles();
  bundles.splice(i, 1);
  showBundles(bundles);
  // Focus stays in the list: on the bundle that took this one's place, or on the button that adds one.
  ($(`#bundle-${Math.min(i, bundles.length - 1)}-priority`) ?? $('#add-bundle')).focus();
}

/** The input a 400's `field` names, e.g. `inactivityTimeoutGroupBundles[1].groups[0]` → bundle 2's group ids. */
function inputFor(field = '') {
  const bundle = /^inactivityTimeoutGroupBundles\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (bundle) return $(`#bundle-${bundle[1]}-${BUNDLE_INPUTS[bundle[2]] ?? 'priority'}`);
  const ids = {
    hipaa: '#hipaa',
    enableIdleTokenTimeout: '#enabled',
    inactivityTimeoutGroupsEnabled: '#groups-enabled',
    inactivityTimeoutGroupBundles: '#add-bundle',
  };
  return $(ids[field] ?? '#seconds');
}

$('#timeout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('#timeout-error');
  const ok = $('#timeout-ok');
  error.hidden = ok.hidden = true;
  for (const marked of document.querySelectorAll('#timeout [aria-invalid]')) {
    marked.removeAttribute('aria-invalid');
    marked.removeAttribute('aria-errormessage');
  }
  const text = $('#seconds').value.trim();
  const body = {
    enableIdleTokenTimeout: $('#enabled').checked,
    // Sent as typed (a number when it is one): the server's own message explains what is wrong.
    idleTokenTimeoutSeconds: text !== '' && Number.isFinite(Number(text)) ? Number(text) : text,
    hipaa: $('#hipaa').checked,
    inactivityTimeoutGroupsEnabled: $('#groups-enabled').checked,
    inactivityTimeoutGroupBundles: readBundles(),
  };
  const { status, body: answer } = await call('/api/v2/tokens/timeout', { method: 'PUT', body });
  if (status === 200) {
    show(answer);
    ok.textContent = `Saved: ${describe(answer)}. Pages pick it up when they start (reload them).`;
    ok.hidden = false;
  } else {
    error.replaceChildren(h('strong', {}, `The server refused it (${status}): `), answer?.message ?? 'unknown error');
    error.hidden = false;
    const input = inputFor(answer?.field);
    // The message goes right under the field it is about, not below the whole form.
    (input.closest('.bundle .row') ?? input.closest('.field, .check, .row'))?.after(error);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', 'timeout-error');
    input.focus();
  }
});

/** What the table last showed: a refresh that would show the same leaves it alone. */
let shown = '';

// Every 3 s. The table is rebuilt only when what it shows changed, and a keyboard user's focus on a Log off button
// stays on that user's new button: rebuilding it under them dropped focus to the page every 3 s.
async function loadUsers() {
  const { status, body } = await call('/api/v2/users?expand=groups');
  if (status !== 200) return;
  const seen = JSON.stringify(body.entities);
  if (seen === shown) return;
  shown = seen;
  const focused = document.activeElement?.closest('#users')
    ? body.entities.find((user) => user.id === document.activeElement.dataset.user)
    : undefined;
  const rows = body.entities.map((user) =>
    h('tr', {},
      h('td', { className: 'name' }, user.name, user.admin ? h('span', { className: 'small muted' }, ' (admin)') : null),
      h('td', {}, user.groups.length ? user.groups.map((group) => group.id).join(', ') : h('span', { className: 'muted' }, 'none')),
      h('td', {}, badge(user.presence.presenceDefinition.systemPresence)),
      h('td', {}, badge(user.routingStatus.status)),
      h('td', {}, user.admin ? null : h('button', {
        type: 'button', className: 'danger', 'aria-label': `Log off ${user.name}`, dataset: { user: user.id },
        // Offline: no live token left to revoke. `aria-disabled`, not `disabled`: a button logged off under the keyboard
        // keeps its focus (a disabled one cannot hold it), and says it is unavailable.
        'aria-disabled': String(user.presence.presenceDefinition.systemPresence === 'Offline'),
        onclick: (event) => event.currentTarget.getAttribute('aria-disabled') !== 'true' && logOff(user),
      }, 'Log off'))));
  $('#users').replaceChildren(...rows);
  if (focused) rows[body.entities.indexOf(focused)].querySelector('button').focus();
}

const badge = (text) => h('span', { className: 'badge', dataset: { state: text } }, text);

async function logOff(user) {
  const { status, body } = await call(`/api/v2/tokens/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
  $('#users-status').textContent = status === 200
    ? `Logged ${user.name} off: ${body.revoked} live token${body.revoked === 1 ? '' : 's'} revoked.`
    : `The server answered ${status}: ${body?.message ?? ''}`;
  loadUsers().catch((error) => console.error(error));
}

const { body: settings } = await call('/api/v2/tokens/timeout');
show(settings);
await loadUsers();
setInterval(loadUsers, 3000);
