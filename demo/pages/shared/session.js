// What every demo page shares: the signed-in token, API calls, and tiny DOM helpers. No framework; text is always
// set as text, never as HTML.
//
// The sign-in is the origin's, as with a real single sign-on: the token and the name are in localStorage, shared by
// every tab of the demo (so they share one clock and one sign-in), and a tab that signs in tells the others through
// the `storage` event. Why a tab was signed out stays that tab's own (sessionStorage).

const TOKEN = 'idle-demo.token';
const USER = 'idle-demo.user';
const OUT = 'idle-demo.signed-out';

export const token = () => localStorage.getItem(TOKEN);
export const userName = () => localStorage.getItem(USER);

export function keepSignIn(accessToken, name) {
  // The name first: a tab told of the new token reads both.
  localStorage.setItem(USER, name);
  localStorage.setItem(TOKEN, accessToken);
  sessionStorage.removeItem(OUT);
}

/** Drops the token (in every tab); `why` (e.g. "idle") is shown on this tab's sign-in page. */
export function forgetSignIn(why) {
  localStorage.removeItem(TOKEN);
  if (why) sessionStorage.setItem(OUT, why);
}

/** Calls `f` when another tab of the origin signs in (a new token appears there). */
export const onSignInElsewhere = (f) => addEventListener('storage', (e) => e.key === TOKEN && e.newValue && f());

/** Why this tab was signed out last, once. */
export function takeSignOutReason() {
  const why = sessionStorage.getItem(OUT);
  sessionStorage.removeItem(OUT);
  return why;
}

/** Only a path on this origin may be returned to (never `//evil.example` or `javascript:`). */
export function safeReturn(value, fallback = '/app/') {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  try {
    const url = new URL(value, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : fallback;
  } catch {
    return fallback;
  }
}

export function goToSignIn(returnTo) {
  location.assign(`/login.html?return=${encodeURIComponent(returnTo)}`);
}

/** Signs a name in: no password, the demo server issues a token to any valid name. */
export async function signIn(name) {
  const response = await fetch('/api/v2/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: name }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `sign-in failed (${response.status})`);
  return body;
}

/** An API call with a bearer token. Resolves `{ status, body }`; a fetch the SDK refused rejects (TokenLoggedOutError). */
export async function api(path, { method = 'GET', body, bearer = token() } = {}) {
  const response = await fetch(path, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}

/** `h('p', { className: 'x' }, 'text', child)`: an element with properties and children (strings become text). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else if (key === 'className' || key === 'textContent' || key === 'value' || key === 'href' || key === 'id') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** 65_000 → "1:05"; Infinity → "∞". */
export function clock(ms) {
  if (!Number.isFinite(ms)) return '∞';
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const timeOfDay = (at = Date.now()) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Prepends a line to an event log `<ol>`, keeping the last `max`. */
export function logLine(list, text, max = 14) {
  list.prepend(h('li', {}, h('time', {}, timeOfDay()), h('span', {}, text)));
  while (list.children.length > max) list.lastElementChild.remove();
}

/** The server's counters and presence (`GET /__stats`): no token, so reading it is nobody's activity. */
export async function serverStats() {
  const response = await fetch('/__stats', { cache: 'no-store' });
  return response.json();
}
