// The admin page: org timeout and HIPAA flag, and logging users off. It signs in as `admin` by itself (the demo
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

const describe = (s) =>
  `${s.enableIdleTokenTimeout ? `${s.idleTokenTimeoutSeconds} s` : 'no idle timeout'}${s.hipaa ? ', HIPAA' : ''}`;

function show(settings) {
  $('#seconds').value = String(settings.idleTokenTimeoutSeconds);
  $('#enabled').checked = settings.enableIdleTokenTimeout;
  $('#hipaa').checked = settings.hipaa;
  $('#current').textContent = describe(settings);
}

$('#timeout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('#timeout-error');
  const ok = $('#timeout-ok');
  error.hidden = ok.hidden = true;
  const text = $('#seconds').value.trim();
  const body = {
    enableIdleTokenTimeout: $('#enabled').checked,
    // Sent as typed (a number when it is one): the server's own message explains what is wrong.
    idleTokenTimeoutSeconds: text !== '' && Number.isFinite(Number(text)) ? Number(text) : text,
    hipaa: $('#hipaa').checked,
  };
  const { status, body: answer } = await call('/api/v2/tokens/timeout', { method: 'PUT', body });
  if (status === 200) {
    show(answer);
    ok.textContent = `Saved: ${describe(answer)}. Pages pick it up when they start (reload them).`;
    ok.hidden = false;
  } else {
    error.replaceChildren(h('strong', {}, `The server refused it (${status}): `), answer?.message ?? 'unknown error');
    error.hidden = false;
    $(answer?.field === 'hipaa' ? '#hipaa' : '#seconds').focus();
  }
});

async function loadUsers() {
  const { status, body } = await call('/api/v2/users');
  if (status !== 200) return;
  const rows = body.entities.map((user) =>
    h('tr', {},
      h('td', { className: 'name' }, user.name, user.admin ? h('span', { className: 'small muted' }, ' (admin)') : null),
      h('td', {}, badge(user.presence.presenceDefinition.systemPresence)),
      h('td', {}, badge(user.routingStatus.status)),
      h('td', {}, user.admin ? null : h('button', {
        type: 'button', className: 'danger', 'aria-label': `Log off ${user.name}`,
        // Offline: no live token left to revoke.
        disabled: user.presence.presenceDefinition.systemPresence === 'Offline',
        onclick: () => logOff(user),
      }, 'Log off'))));
  $('#users').replaceChildren(...rows);
}

const badge = (text) => h('span', { className: 'badge', dataset: { state: text } }, text);

async function logOff(user) {
  const { status, body } = await call(`/api/v2/tokens/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
  $('#users-status').textContent = status === 200
    ? `Logged ${user.name} off: ${body.revoked} live token${body.revoked === 1 ? '' : 's'} revoked.`
    : `The server answered ${status}: ${body?.message ?? ''}`;
  loadUsers();
}

const { body: settings } = await call('/api/v2/tokens/timeout');
show(settings);
await loadUsers();
setInterval(loadUsers, 3000);
