import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectHeartbeat, createIdleLogout, IdlePolicyError, type IdleLogout, type IdleLogoutOptions } from '../../src/index';

const MIN = 60_000;
const HOST = 'https://crm.example.com';
const hb = { type: 'idle-logout:heartbeat', v: 1 };
const hello = { type: 'idle-logout:hello', v: 1 };
const stateMsg = (state: string, remainingMs: number) => ({ type: 'idle-logout:state', v: 1, state, remainingMs });

/** A fake host window: this test window plays the embedded client, its `parent` is the host. */
function fakeWindow(): Window {
  const w = { postMessage: vi.fn() } as unknown as Window & { parent: Window };
  w.parent = w;
  return w;
}

let host: Window & { postMessage: ReturnType<typeof vi.fn> };
let instances: IdleLogout[];
const realParent = Object.getOwnPropertyDescriptor(window, 'parent');

function frame(options: Partial<IdleLogoutOptions> = {}) {
  const rejects: string[] = [];
  const idle = createIdleLogout({
    getToken: () => 'token-a',
    timeoutMs: 10 * MIN,
    heartbeat: { allowedOrigins: [HOST, 'https://phone.example.com'], onReject: (reason, origin) => rejects.push(`${reason} ${origin}`) },
    ...options,
  });
  instances.push(idle);
  const activity: string[] = [];
  idle.on('activity', (e) => activity.push(e.source));
  return { idle, rejects, activity };
}

function send(data: unknown, origin = HOST, source: unknown = host) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
}

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  instances = [];
  host = fakeWindow() as typeof host;
  Object.defineProperty(window, 'parent', { value: host, configurable: true });
});

afterEach(() => {
  instances.forEach((i) => i.destroy());
  if (realParent) Object.defineProperty(window, 'parent', realParent);
  vi.useRealTimers();
});

describe('frame side: heartbeats from the host page', () => {
  it('rejects a bad allowlist at construction', () => {
    for (const allowedOrigins of [['*'], ['https://crm.example.com/'], ['crm.example.com'], 'https://crm.example.com', undefined]) {
      expect(() => createIdleLogout({ getToken: () => 't', timeoutMs: 10 * MIN, heartbeat: { allowedOrigins } as never })).toThrow(IdlePolicyError);
    }
    expect(() => createIdleLogout({ getToken: () => 't', timeoutMs: 10 * MIN, heartbeat: { allowedOrigins: ['*'] } })).toThrow(/heartbeat\.allowedOrigins/);
  });

  it('an allowed heartbeat from the parent is activity', async () => {
    const { idle, activity } = frame();
    await vi.dynamicImportSettled();
    vi.advanceTimersByTime(4 * MIN);
    send(hb);
    expect(activity).toEqual(['heartbeat']);
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('an ancestor above the parent may send heartbeats too', async () => {
    const top = fakeWindow();
    (host as { parent: Window }).parent = top;
    const { activity } = frame();
    await vi.dynamicImportSettled();
    send(hb, HOST, top);
    expect(activity).toEqual(['heartbeat']);
  });

  it('hostile messages never count, never throw, and are reported at most once per reason per 10 s', async () => {
    const { idle, activity, rejects } = frame();
    await vi.dynamicImportSettled();
    vi.advanceTimersByTime(4 * MIN);
    const sibling = fakeWindow();
    const big = { ...hb, pad: 'x'.repeat(100_000) };
    const cases: Array<[unknown, string, unknown]> = [
      [hb, 'https://evil.example', host],
      [hb, 'https://crm.example.com.evil.example', host],
      [hb, 'null', host],
      [hb, HOST, sibling],
      [hb, HOST, null],
      [hb, HOST, window], // itself
      [big, HOST, host],
      [{ ...hb, v: 2 }, HOST, host],
      ['idle-logout:heartbeat', HOST, host],
      [{ type: 'idle-logout:heartbeat', v: 1, payload: { toString: 'alert(1)' } }, HOST, host],
    ];
    for (const [data, origin, source] of cases) expect(() => send(data, origin, source)).not.toThrow();
    expect(activity).toEqual([]);
    expect(idle.remainingMs()).toBe(6 * MIN);
    expect(rejects).toEqual(['origin https://evil.example', 'source https://crm.example.com', 'size https://crm.example.com', 'version https://crm.example.com', 'shape https://crm.example.com']);
    send(hb, 'https://evil.example');
    expect(rejects).toHaveLength(5);
    vi.advanceTimersByTime(10_000);
    send(hb, 'https://evil2.example');
    expect(rejects.at(-1)).toBe('origin https://evil2.example');
  });

  it('a throwing onReject hook is swallowed', async () => {
    frame({ heartbeat: { allowedOrigins: [HOST], onReject: () => { throw new Error('hook'); } } });
    await vi.dynamicImportSettled();
    expect(() => send(hb, 'https://evil.example')).not.toThrow();
  });

  it('activity.heartbeat: false ignores heartbeats', async () => {
    const { activity } = frame({ activity: { heartbeat: false } });
    await vi.dynamicImportSettled();
    send(hb);
    expect(activity).toEqual([]);
  });

  it('posts its state to the parent: at start and per allowed origin before a heartbeat, then to the heartbeat origin only', async () => {
    const { idle } = frame({ warnBeforeMs: MIN });
    await vi.dynamicImportSettled();
    // At once: a host that connected before this client started hears its state without waiting for a change.
    expect(host.postMessage.mock.calls).toEqual([
      [stateMsg('active', 10 * MIN), HOST],
      [stateMsg('active', 10 * MIN), 'https://phone.example.com'],
    ]);
    host.postMessage.mockClear();
    vi.advanceTimersByTime(9 * MIN);
    expect(host.postMessage.mock.calls).toEqual([
      [{ type: 'idle-logout:state', v: 1, state: 'warning', remainingMs: MIN }, HOST],
      [{ type: 'idle-logout:state', v: 1, state: 'warning', remainingMs: MIN }, 'https://phone.example.com'],
    ]);
    host.postMessage.mockClear();
    send(hb, 'https://phone.example.com');
    expect(host.postMessage.mock.calls).toEqual([[{ type: 'idle-logout:state', v: 1, state: 'active', remainingMs: 10 * MIN }, 'https://phone.example.com']]);
    host.postMessage.mockClear();
    idle.logout();
    expect(host.postMessage.mock.calls).toEqual([[{ type: 'idle-logout:state', v: 1, state: 'logged-out', remainingMs: 0 }, 'https://phone.example.com']]);
  });

  it("answers an allowed host's hello with its current state, to that host only, and a hello is not activity", async () => {
    const { idle, activity, rejects } = frame({ warnBeforeMs: MIN });
    await vi.dynamicImportSettled();
    vi.advanceTimersByTime(9 * MIN + 30_000);
    host.postMessage.mockClear();
    send(hello, 'https://phone.example.com');
    expect(host.postMessage.mock.calls).toEqual([[stateMsg('warning', 30_000), 'https://phone.example.com']]);
    expect(activity).toEqual([]);
    expect(idle.state).toBe('warning');
    // The same checks as a heartbeat: a hello from elsewhere gets no answer.
    host.postMessage.mockClear();
    send(hello, 'https://evil.example');
    send(hello, HOST, fakeWindow());
    send({ ...hello, v: 2 });
    expect(host.postMessage).not.toHaveBeenCalled();
    expect(rejects).toEqual(['origin https://evil.example', 'source https://crm.example.com', 'version https://crm.example.com']);
  });

  it("tells the host the deadline whenever it moves, not only on a new state: timeoutFrom's answer after the start, heartbeats", async () => {
    // The demo's case: the host heard "active, 10 s left" (the provisional policy at the start) while the frame,
    // once its server answered, counted down from a minute.
    let answer!: (ms: number) => void;
    const { idle } = frame({ timeoutMs: undefined, unsafeShortTimeouts: true, timeoutFrom: () => new Promise((r) => (answer = r)) });
    await vi.dynamicImportSettled();
    const told = () => host.postMessage.mock.calls.filter(([, origin]) => origin === HOST).map(([m]) => [m.state, m.remainingMs]);
    expect(told()).toEqual([['active', 10_000]]);
    answer(MIN);
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.remainingMs()).toBe(MIN);
    expect(told()).toEqual([['active', 10_000], ['active', MIN]]);
    // A heartbeat 20 s later moves the deadline by 20 s: the host hears it from the host it came from.
    host.postMessage.mockClear();
    vi.advanceTimersByTime(20_000);
    send(hb);
    expect(host.postMessage.mock.calls).toEqual([[stateMsg('active', MIN), HOST]]);
    // Moves of a second or less are not news (activity is recorded a second at a time): the host is at most a second early.
    host.postMessage.mockClear();
    vi.advanceTimersByTime(1000);
    send(hb);
    expect(idle.remainingMs()).toBe(MIN);
    expect(host.postMessage).not.toHaveBeenCalled();
  });

  it('a hello is answered with the state re-checked against the clock, and a new sign-in is reported as active', async () => {
    let token: string | undefined = 'token-a';
    const { idle } = frame({ getToken: () => token, warnBeforeMs: MIN });
    await vi.dynamicImportSettled();
    // Timers that ran late (a background frame): the clock is past the warning, no timer has fired yet.
    vi.setSystemTime(Date.now() + 9 * MIN + 30_000);
    host.postMessage.mockClear();
    send(hello);
    expect(host.postMessage.mock.calls).toEqual([[stateMsg('warning', 30_000), HOST]]);
    // Signed out in the app, then signed in again: the host hears both.
    host.postMessage.mockClear();
    token = undefined;
    expect(idle.state).toBe('logged-out');
    token = 'token-b';
    expect(idle.state).toBe('active');
    expect(host.postMessage.mock.calls).toEqual([
      [stateMsg('logged-out', 0), HOST],
      [stateMsg('active', 10 * MIN), HOST],
    ]);
  });

  it('does nothing when not framed, and stops listening on destroy', async () => {
    const { idle, activity } = frame();
    await vi.dynamicImportSettled();
    idle.destroy();
    send(hb);
    expect(activity).toEqual([]);
    if (realParent) Object.defineProperty(window, 'parent', realParent);
    const top = frame();
    await vi.dynamicImportSettled();
    send(hb, HOST, window);
    expect(top.activity).toEqual([]);
  });
});

describe('host side: connectHeartbeat', () => {
  const APP = 'https://app.example.com';
  let child: Window & { postMessage: ReturnType<typeof vi.fn> };
  let iframe: HTMLIFrameElement;
  beforeEach(() => {
    child = fakeWindow() as typeof child;
    iframe = Object.assign(new EventTarget(), { contentWindow: child }) as unknown as HTMLIFrameElement;
  });
  const heartbeats = () => child.postMessage.mock.calls.filter(([m]) => m.type === 'idle-logout:heartbeat');

  it('asks the frame for its state on connect and on each load of the frame, not after disconnect', () => {
    const conn = connectHeartbeat(iframe, { targetOrigin: APP });
    expect(child.postMessage.mock.calls).toEqual([[hello, APP]]);
    iframe.dispatchEvent(new Event('load'));
    expect(child.postMessage.mock.calls).toEqual([[hello, APP], [hello, APP]]);
    conn.disconnect();
    iframe.dispatchEvent(new Event('load'));
    expect(child.postMessage).toHaveBeenCalledTimes(2);
  });

  it.each([['*'], ['https://app.example.com/'], ['app.example.com'], [''], [undefined], ['https://*.example.com']])('throws naming a bad targetOrigin %j', (targetOrigin) => {
    expect(() => connectHeartbeat(iframe, { targetOrigin } as never)).toThrow(IdlePolicyError);
    expect(() => connectHeartbeat(iframe, { targetOrigin } as never)).toThrow(/targetOrigin must be an exact origin/);
    expect(() => connectHeartbeat(iframe, { targetOrigin } as never)).toThrow(`(got ${JSON.stringify(targetOrigin)})`);
  });

  it('turns host activity into throttled heartbeats to the exact origin', () => {
    const conn = connectHeartbeat(iframe, { targetOrigin: APP, minIntervalMs: 5000 });
    window.dispatchEvent(new Event('pointermove'));
    document.dispatchEvent(new Event('keydown', { bubbles: true }));
    expect(heartbeats()).toEqual([[{ type: 'idle-logout:heartbeat', v: 1 }, APP]]);
    vi.advanceTimersByTime(5000);
    document.body.dispatchEvent(new Event('keydown', { bubbles: true }));
    expect(heartbeats()).toHaveLength(2);
    vi.advanceTimersByTime(5000);
    conn.beat();
    expect(heartbeats()).toHaveLength(3);
    conn.disconnect();
    vi.advanceTimersByTime(5000);
    window.dispatchEvent(new Event('pointermove'));
    expect(heartbeats()).toHaveLength(3);
  });

  it('listens to the configured events only', () => {
    const conn = connectHeartbeat(iframe, { targetOrigin: APP, events: ['custom-work'] });
    window.dispatchEvent(new Event('pointermove'));
    expect(heartbeats()).toHaveLength(0);
    window.dispatchEvent(new Event('custom-work'));
    expect(heartbeats()).toHaveLength(1);
    conn.disconnect();
  });

  it('reports state only from the iframe at targetOrigin, well formed', () => {
    const conn = connectHeartbeat(iframe, { targetOrigin: APP });
    const seen: unknown[] = [];
    conn.on('state', (e) => seen.push(e));
    conn.on('state', () => { throw new Error('host handler bug'); });
    const state = { type: 'idle-logout:state', v: 1, state: 'warning', remainingMs: 60_000 };
    const post = (data: unknown, origin = APP, source: unknown = child) =>
      window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
    post(state);
    post(state, 'https://evil.example');
    post(state, APP, fakeWindow());
    post({ ...state, state: 'owned' });
    post({ ...state, v: 2 });
    // Each handler runs in its own task: a throwing one is the browser's to report and stops no other.
    expect(() => vi.runAllTimers()).toThrow('host handler bug');
    vi.runAllTimers();
    expect(seen).toEqual([{ state: 'warning', remainingMs: 60_000 }]);
    conn.disconnect();
    post(state);
    vi.runAllTimers();
    expect(seen).toHaveLength(1);
  });
});
