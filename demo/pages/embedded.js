// The embedded client (http://127.0.0.1:PORT/embedded.html), framed by the CRM host page on http://localhost:PORT.
// Its own token, its own clock: heartbeats from the host count as activity, the keepalive tells the server about
// them, and the server clock keeps the two deadlines in step. State goes back to the host.
import { $, api, clock, logLine, signIn } from '/shared/session.js';

const hostOrigin = `http://localhost:${location.port}`;
$('#origin').textContent = location.origin;
$('#allowed').textContent = hostOrigin;
let idle;
let heartbeats = 0;
// In memory only: a cross-site frame may be denied sessionStorage (third-party storage blocking).
let accessToken = null;
let userName = '';
const token = () => accessToken;
const log = (text) => logLine($('#events'), text, 8);

async function start() {
  const { status, body: settings } = await api('/api/v2/tokens/timeout', { bearer: accessToken });
  if (status !== 200) return signedOut('revoked');
  $('#sign-in').hidden = true;
  $('#session').hidden = false;
  $('#who').textContent = userName;
  idle = IdleLogout.createIdleLogout({
    getToken: token,
    timeoutFrom: async () => settings,
    hipaa: settings.hipaa,
    unsafeShortTimeouts: true, // demo only
    revoke: { url: '/api/v2/tokens/me', method: 'DELETE' },
    activity: { input: true },
    heartbeat: { allowedOrigins: [hostOrigin], onReject: (reason, origin) => log(`heartbeat dropped (${reason}) from ${origin}`) },
    keepalive: { url: '/api/v2/tokens/me', minIntervalMs: 10_000 },
    serverClock: { url: '/api/v2/tokens/me?preserveIdleTTL=true' },
    // No route or draft memory here, and "Sign in again" goes to the form below (the notice stays until the next
    // token, so this instance, signed out, goes): the notice says just that.
    ui: { onSignIn: () => (idle.destroy(), $('#name').focus()), text: { againPlain: 'Sign in again below.', elsewhere: 'Sign in again below.' } },
  });
  window.idle = idle; // for the console and the e2e tests
  idle.on('activity', ({ source }) => {
    if (source !== 'heartbeat') return;
    $('#heartbeats').textContent = String(++heartbeats);
  });
  idle.on('warning', ({ remainingMs }) => log(`warning: ${clock(remainingMs)} left`));
  idle.on('active', () => log('active again'));
  idle.on('logout', ({ reason }) => signedOut(reason));
  idle.on('error', ({ code, error }) =>
    log(code === 'storage'
      ? 'Storage is blocked in this cross-site frame: the SDK keeps its clock in memory (error event "storage").'
      : `SDK error event "${code}": ${error?.message || error?.name || 'failed'}`));
  log(`signed in as ${userName}`);
}

function signedOut(reason) {
  accessToken = null;
  log(`logout: ${reason}`);
  const out = $('#out');
  out.textContent = reason === 'manual' ? 'You signed out.' : `Signed out (${reason}). Sign in again to continue.`;
  out.hidden = false;
  $('#sign-in').hidden = false;
}

setInterval(() => {
  if (!idle) return;
  const state = idle.state;
  $('#state').textContent = state;
  $('#state').dataset.state = state;
  $('#countdown').textContent = state === 'logged-out' ? '0:00' : clock(idle.remainingMs());
}, 250);

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('#error').hidden = true;
  try {
    const answer = await signIn($('#name').value.trim().toLowerCase());
    accessToken = answer.access_token;
    userName = answer.user.name;
    idle?.destroy();
    $('#out').hidden = true;
    $('#heartbeats').textContent = String((heartbeats = 0));
    await start();
  } catch (error) {
    $('#error').textContent = error.message;
    $('#error').hidden = false;
  }
});
$('#sign-out').addEventListener('click', () => idle?.logout());

$('#sign-in').hidden = false;
