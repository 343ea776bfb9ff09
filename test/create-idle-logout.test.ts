import { describe, expect, it, vi } from 'vitest';
import { createIdleLogout, IdlePolicyError, TokenLoggedOutError, type IdleLogoutOptions } from '../src/index';
import { useRecordingSandbox } from './support/sandbox';

const MIN = 60_000;

const { sandbox, net, calls } = useRecordingSandbox();

function make({ token: first, ...options }: Partial<IdleLogoutOptions> & { token?: string | null } = {}) {
  let token: string | null = first === undefined ? 'token-a' : first;
  const idle = sandbox.create({ getToken: () => token, timeoutMs: 10 * MIN, warnBeforeMs: MIN, ...options });
  const events: string[] = [];
  idle.on('warning', () => events.push('warning'));
  idle.on('active', () => events.push('active'));
  idle.on('logout', (e) => events.push(`logout:${e.reason}`));
  return { idle, events, setToken: (t: string | null) => (token = t) };
}

const api = (token: string, url = '/api/v2/users/me') => fetch(url, { headers: { Authorization: `Bearer ${token}` } });

describe('construction', () => {
  it('throws a clear error naming a bad field', () => {
    expect(() => make({ timeoutMs: 60_000 })).toThrow(IdlePolicyError);
    expect(() => make({ timeoutMs: 60_000 })).toThrow(/timeoutMs must be a number of milliseconds from 300000 \(5 min\) to 28800000 \(480 min\) \(got 60000\)/);
    expect(() => make({ timeoutMs: 20 * MIN, hipaa: true })).toThrow(/hipaa/);
    expect(() => make({ warnBeforeMs: 1000 })).toThrow(/warnBeforeMs/);
    expect(() => createIdleLogout({} as IdleLogoutOptions)).toThrow(/getToken/);
  });
});

describe('API calls are activity, per token', () => {
  it('a request with the bearer token moves the deadline', async () => {
    const { idle } = make();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(idle.remainingMs()).toBe(5 * MIN);
    await api('token-a');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('Request objects, header arrays and plain objects are all read', async () => {
    const { idle } = make();
    for (const send of [
      () => fetch(new Request('http://x/a', { headers: { authorization: 'Bearer token-a' } })),
      () => fetch('/a', { headers: [['Authorization', 'Bearer token-a']] }),
      () => fetch('/a', { headers: new Headers({ Authorization: 'bearer token-a' }) }),
    ]) {
      await vi.advanceTimersByTimeAsync(MIN);
      await send();
      expect(idle.remainingMs()).toBe(10 * MIN);
    }
  });

  it('requests without the token, or with another token, do not count', async () => {
    const { idle } = make();
    await vi.advanceTimersByTimeAsync(MIN);
    await fetch('/public');
    await api('someone-else');
    expect(idle.remainingMs()).toBe(9 * MIN);
  });

  it('two tokens in one page have two independent timers', async () => {
    const a = make({ token: 'token-a' });
    const b = make({ token: 'token-b' });
    await vi.advanceTimersByTimeAsync(8 * MIN);
    await api('token-b');
    await vi.advanceTimersByTimeAsync(2 * MIN);
    expect(a.idle.state).toBe('logged-out');
    expect(b.idle.state).toBe('active');
    expect(b.idle.remainingMs()).toBe(8 * MIN);
  });

  it('activity.api { exclude } leaves background polling out', async () => {
    const { idle } = make({ activity: { api: { exclude: ['/observations', /\/poll$/] } } });
    await vi.advanceTimersByTimeAsync(MIN);
    await api('token-a', '/api/v2/analytics/queues/observations');
    await api('token-a', '/api/v2/poll');
    expect(idle.remainingMs()).toBe(9 * MIN);
    await api('token-a', '/api/v2/users/me');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('activity.api { include } counts only matching URLs', async () => {
    const { idle } = make({ activity: { api: { include: [(url) => url.includes('/api/')] } } });
    await vi.advanceTimersByTimeAsync(MIN);
    await api('token-a', '/static/x');
    expect(idle.remainingMs()).toBe(9 * MIN);
    await api('token-a', '/api/x');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('a token rotated by the app starts its own clock', async () => {
    const { idle, setToken } = make();
    await vi.advanceTimersByTimeAsync(9.5 * MIN);
    setToken('token-new');
    await api('token-new');
    expect(idle.state).toBe('active');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });
});

describe('warning, then logout', () => {
  it('warns at timeout − warnBefore, logs out at the timeout, revokes once with the token', async () => {
    const { idle, events } = make();
    const warnings: number[] = [];
    idle.on('warning', (e) => warnings.push(e.remainingMs));
    await vi.advanceTimersByTimeAsync(9 * MIN - 1);
    expect(idle.state).toBe('active');
    await vi.advanceTimersByTimeAsync(1);
    expect(idle.state).toBe('warning');
    expect(warnings).toEqual([MIN]);
    await vi.advanceTimersByTimeAsync(MIN);
    expect(idle.state).toBe('logged-out');
    expect(events).toEqual(['warning', 'logout:idle']);
  });

  it('with a revoke, logs out and revokes revokeAheadMs (default 2 s) before the deadline, once, with the token', async () => {
    const { idle, events } = make({ revoke: { url: '/revoke' } });
    await vi.dynamicImportSettled(); // the revoke's sending chunk, loaded as the instance starts
    const warnings: number[] = [];
    idle.on('warning', (e) => warnings.push(e.remainingMs));
    await vi.advanceTimersByTimeAsync(9 * MIN - 2000);
    expect(idle.state).toBe('warning');
    expect(warnings).toEqual([MIN]);
    await vi.advanceTimersByTimeAsync(MIN - 1);
    expect(idle.state).toBe('warning');
    expect(calls.filter((c) => c.url === '/revoke')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(idle.state).toBe('logged-out');
    expect(events).toEqual(['warning', 'logout:idle']);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.filter((c) => c.url === '/revoke')).toEqual([{ url: '/revoke', method: 'DELETE', auth: 'Bearer token-a' }]);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(calls.filter((c) => c.url === '/revoke')).toHaveLength(1);
  });

  it('revokeAheadMs sets how far ahead: 5 s', async () => {
    const { idle } = make({ revoke: { url: '/revoke' }, revokeAheadMs: 5000 });
    expect(idle.remainingMs()).toBe(10 * MIN - 5000);
    await vi.advanceTimersByTimeAsync(10 * MIN - 5000);
    expect(idle.state).toBe('logged-out');
    expect(calls.filter((c) => c.url === '/revoke')).toHaveLength(1);
  });

  it('revokeAheadMs outside 1000–60000 is refused at construction, naming the option', () => {
    expect(() => make({ revokeAheadMs: 500 })).toThrow(/revokeAheadMs must be a number of milliseconds from 1000 to 60000 \(got 500\)/);
    expect(() => make({ revokeAheadMs: 61_000 })).toThrow(IdlePolicyError);
  });

  it('extend() during the warning returns to active', async () => {
    const { idle, events } = make();
    await vi.advanceTimersByTimeAsync(9.5 * MIN);
    idle.extend();
    expect(idle.state).toBe('active');
    expect(events).toEqual(['warning', 'active']);
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('refuses to send a logged-out token, with a typed error, and the server never sees it', async () => {
    const { idle } = make();
    idle.logout();
    const before = calls.length;
    await expect(api('token-a')).rejects.toBeInstanceOf(TokenLoggedOutError);
    await expect(api('token-a')).rejects.toMatchObject({ reason: 'manual' });
    expect(calls.length).toBe(before);
  });

  it('manual logout goes the same path: event, revoke', async () => {
    const { idle, events } = make({ revoke: { url: '/revoke' } });
    idle.logout();
    expect(events).toEqual(['logout:manual']);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.filter((c) => c.url === '/revoke')).toHaveLength(1);
  });

  it('revoke: false sends nothing', async () => {
    const { idle } = make({ revoke: false });
    idle.logout();
    expect(calls).toHaveLength(0);
  });
});

describe('the server has the last word', () => {
  it('a 401 to a request carrying the token logs out at once, reason revoked, without a revoke request', async () => {
    const { idle, events } = make({ revoke: { url: '/revoke' } });
    net.status = 401;
    await api('token-a');
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.state).toBe('logged-out');
    expect(events).toEqual(['logout:revoked']);
    expect(calls.filter((c) => c.url === '/revoke')).toHaveLength(0);
  });

  it('a 401 in the idle warning is an idle logout: it ends the sign-in (endSession) and is revoked', async () => {
    const { idle, events } = make({ revoke: { url: '/revoke' }, ui: true, activity: { input: true, api: { exclude: ['/notifications'] } } });
    const ends: boolean[] = [];
    idle.on('logout', (e) => ends.push(e.endSession));
    await vi.advanceTimersByTimeAsync(9.5 * MIN);
    expect(idle.state).toBe('warning');
    // A background poll, not activity (the access token expired, or the server's idle timeout came first).
    net.status = 401;
    await api('token-a', '/api/v2/notifications');
    await vi.advanceTimersByTimeAsync(0);
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['warning', 'logout:idle']);
    expect(ends).toEqual([true]);
    expect(calls.filter((c) => c.url === '/revoke')).toHaveLength(1);
  });

  it("a 401 for another token does not touch this one", async () => {
    const { idle } = make();
    net.status = 401;
    await api('other');
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.state).toBe('active');
  });
});

describe('deadlines are wall-clock', () => {
  // Wake-up re-checks (visibilitychange, pageshow, focus, online): test/features/wake.test.ts.
  it('no request escapes with an expired token, even before any timer ran', async () => {
    const { events } = make();
    vi.setSystemTime(Date.now() + 30 * MIN);
    await expect(api('token-a')).rejects.toBeInstanceOf(TokenLoggedOutError);
    expect(events).toEqual(['logout:idle']);
    expect(calls.filter((c) => c.auth === 'Bearer token-a' && c.url !== '/revoke')).toHaveLength(0);
  });
});

describe('holds', () => {
  it('no idle logout while held; releasing the last hold restarts the countdown; releasing twice is harmless', async () => {
    const { idle, events } = make();
    const releaseAcw = idle.hold('after-call-work');
    const releaseCall = idle.hold('voice');
    expect(idle.state).toBe('held');
    expect(idle.remainingMs()).toBe(Infinity);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    releaseAcw();
    expect(idle.state).toBe('held');
    releaseCall();
    releaseCall();
    expect(idle.state).toBe('active');
    expect(idle.remainingMs()).toBe(10 * MIN);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(events).toEqual(['active', 'warning', 'logout:idle']);
  });

  it('a hold taken during the warning ends it with an `active` event (remainingMs Infinity); none while held', async () => {
    // As real apps run it: the dialog on, input as activity.
    const { idle, events } = make({ ui: true, activity: { input: true } });
    const seen: number[] = [];
    idle.on('active', ({ remainingMs }) => seen.push(remainingMs));
    await vi.advanceTimersByTimeAsync(9.5 * MIN);
    expect(events).toEqual(['warning']);
    const release = idle.hold('voice');
    expect(idle.state).toBe('held');
    expect(events).toEqual(['warning', 'active']);
    expect(seen).toEqual([Infinity]);
    // A second hold, and an hour held: no more events.
    idle.hold('after-call-work');
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(events).toEqual(['warning', 'active']);
    release();
    expect(idle.state).toBe('held');
    expect(events).toEqual(['warning', 'active']);
  });
});

describe('user input', () => {
  it('is ignored unless activity.input is on', async () => {
    const { idle } = make();
    await vi.advanceTimersByTimeAsync(MIN);
    document.dispatchEvent(new Event('keydown'));
    expect(idle.remainingMs()).toBe(9 * MIN);
  });

  it('counts, throttled: a burst of pointermove is one activity per window', async () => {
    const { idle } = make({ activity: { input: { throttleMs: 1000 } } });
    await vi.dynamicImportSettled();
    const seen: string[] = [];
    idle.on('activity', (e) => seen.push(e.source));
    await vi.advanceTimersByTimeAsync(MIN);
    for (let i = 0; i < 500; i++) document.dispatchEvent(new Event('pointermove'));
    expect(seen).toEqual(['input']);
    expect(idle.remainingMs()).toBe(10 * MIN);
    await vi.advanceTimersByTimeAsync(1000);
    document.dispatchEvent(new Event('keydown'));
    expect(seen).toEqual(['input', 'input']);
  });
});

describe('XMLHttpRequest (axios, the Genesys Cloud SDK)', () => {
  it('refuses a logged-out token with an error event carrying the typed error', async () => {
    const { idle } = make();
    idle.logout();
    const xhr = new XMLHttpRequest();
    xhr.open('GET', '/api/v2/users/me');
    xhr.setRequestHeader('Authorization', 'Bearer token-a');
    const error = new Promise<unknown>((resolve) => xhr.addEventListener('error', (e: Event) => resolve((e as Event & { error: unknown }).error)));
    xhr.send();
    await vi.advanceTimersByTimeAsync(0);
    expect(await error).toBeInstanceOf(TokenLoggedOutError);
  });
});

describe('destroy', () => {
  it('removes the fetch patch, listeners and timers', async () => {
    const before = globalThis.fetch;
    const { idle, events } = make();
    expect(globalThis.fetch).not.toBe(before);
    idle.destroy();
    expect(globalThis.fetch).toBe(before);
    expect(vi.getTimerCount()).toBe(0);
    vi.setSystemTime(Date.now() + 30 * MIN);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(events).toEqual([]);
  });
});

describe('clocks', () => {
  it('a wall clock set back one hour does not stretch the session: it still warns and logs out on time', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const idle = createIdleLogout({ getToken: () => 'clock-token', timeoutMs: 5 * 60_000, sync: false });
    try {
      await vi.advanceTimersByTimeAsync(60_000);
      vi.setSystemTime(Date.now() - 3600_000);
      expect(idle.remainingMs()).toBeLessThanOrEqual(4 * 60_000);
      await vi.advanceTimersByTimeAsync(3 * 60_000 + 1);
      expect(idle.state).toBe('warning');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(idle.state).toBe('logged-out');
    } finally {
      idle.destroy();
      vi.useRealTimers();
    }
  });

  it('a wall clock that jumps ahead (a laptop waking from sleep) logs out at once', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const idle = createIdleLogout({ getToken: () => 'clock-token-2', timeoutMs: 5 * 60_000, sync: false });
    try {
      vi.setSystemTime(Date.now() + 6 * 60_000);
      expect(idle.state).toBe('logged-out');
    } finally {
      idle.destroy();
      vi.useRealTimers();
    }
  });
});

describe('renewals', () => {

  it('canRenew(): true while active or held, false once warned or logged out', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const idle = createIdleLogout({ getToken: () => 'renew-token', timeoutMs: 5 * MIN, sync: false });
    try {
      expect(idle.canRenew()).toBe(true);
      await vi.advanceTimersByTimeAsync(4 * MIN + 1);
      expect(idle.state).toBe('warning');
      expect(idle.canRenew()).toBe(false);
      idle.extend();
      expect(idle.canRenew()).toBe(true);
      idle.logout();
      expect(idle.canRenew()).toBe(false);
    } finally {
      idle.destroy();
      vi.useRealTimers();
    }
  });

  it('sameSession: a renewed token of the same sign-in keeps the clock; a new sign-in starts a fresh one', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    let token = 'access-1';
    const idle = createIdleLogout({ getToken: () => token, timeoutMs: 10 * MIN, sync: false, sameSession: (a, b) => a.startsWith('access-') && b.startsWith('access-') });
    try {
      await vi.advanceTimersByTimeAsync(6 * MIN);
      token = 'access-2';
      expect(idle.remainingMs()).toBe(4 * MIN);
      token = 'other-1';
      expect(idle.remainingMs()).toBe(10 * MIN);
    } finally {
      idle.destroy();
      vi.useRealTimers();
    }
  });
});

describe('the per-request hot path', () => {
  it('requests within a second of the last activity keep the deadline within that second; later ones move it', async () => {
    const { idle } = make();
    await vi.advanceTimersByTimeAsync(2000);
    await api('token-a');
    const after = idle.remainingMs();
    expect(after).toBe(10 * MIN);
    await vi.advanceTimersByTimeAsync(500);
    await api('token-a');
    // Not re-run for a request half a second later: the deadline is at most a second early (fail closed).
    expect(idle.remainingMs()).toBe(10 * MIN - 500);
    await vi.advanceTimersByTimeAsync(600);
    await api('token-a');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('a request left out on the hot path counts at the next check: the warning and the logout come exactly after the last request', async () => {
    // As real apps run it: the dialog on, input as activity.
    const { idle, events } = make({ ui: true, activity: { input: true } });
    await vi.advanceTimersByTimeAsync(2000);
    await api('token-a');
    await vi.advanceTimersByTimeAsync(500);
    await api('token-a'); // within a second of the last: noted, not run through the state machine
    const last = Date.now();
    await vi.advanceTimersByTimeAsync(9 * MIN - 1 - (Date.now() - last));
    expect(events).toEqual([]);
    expect(idle.state).toBe('active');
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['warning']);
    await vi.advanceTimersByTimeAsync(MIN - 1);
    expect(idle.state).toBe('warning');
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['warning', 'logout:idle']);
  });

  it('a logged-out token is still refused on the hot path', async () => {
    const { idle } = make();
    await api('token-a');
    idle.logout();
    await expect(api('token-a')).rejects.toBeInstanceOf(TokenLoggedOutError);
  });
});
