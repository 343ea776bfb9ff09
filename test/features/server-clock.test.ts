import { describe, expect, it, vi } from 'vitest';
import type { IdleLogoutOptions } from '../../src/index';
import { useSandbox } from '../support/sandbox';

const MIN = 60_000;
const SEC = 1000;
const URL_ = '/api/v2/tokens/me?preserveIdleTTL=true';
let serverLast: number; // server's last activity, in server time
let skew: number; // server clock minus browser clock
let answer: 'ok' | 'fail' | 'hang' | 401 | 'garbage';
let reads: number;
let creep: number; // ms each reading of the same deadline comes out later than the last (Date-header rounding)

function make(options: Partial<IdleLogoutOptions> = {}) {
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, serverClock: { url: URL_ }, ...options });
  const events: string[] = [];
  idle.on('warning', () => events.push('warning'));
  idle.on('active', () => events.push('active'));
  idle.on('logout', (e) => events.push(`logout:${e.reason}`));
  return { idle, events };
}

const sandbox = useSandbox(() => {
  serverLast = Date.now();
  skew = 0;
  answer = 'ok';
  reads = 0;
  creep = 0;
  return vi.fn(async (input: RequestInfo | URL) => {
    if (String(input) !== URL_) return new Response('{}');
    reads++;
    if (answer === 'fail') throw new TypeError('network');
    if (answer === 'hang') return new Promise<Response>(() => {});
    if (answer === 401) return new Response('{}', { status: 401 });
    const now = Date.now() + skew;
    const body = answer === 'garbage' ? { dateTokenIdles: 'soon' } : { dateTokenIdles: new Date(serverLast + 10 * MIN + creep * reads).toISOString() };
    return new Response(JSON.stringify(body), { headers: { date: new Date(now).toUTCString(), 'content-type': 'application/json' } });
  }) as typeof fetch;
});

describe('serverClock', () => {
  it('reads at start and adopts a later server deadline', async () => {
    serverLast = Date.now() + 0; // the server saw the token just now too
    const { idle } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toBe(1);
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('a token kept alive elsewhere: no warning, no logout, reads only before the warning', async () => {
    const { idle, events } = make();
    await vi.dynamicImportSettled();
    for (let t = 0; t < 60 * MIN; t += 30 * SEC) {
      serverLast = Date.now(); // another tab's API calls
      await vi.advanceTimersByTimeAsync(30 * SEC);
    }
    expect(events).toEqual([]);
    expect(idle.state).toBe('active');
    // one read at start, then about one per (timeout − warning − lead) = ~8.95 min
    expect(reads).toBeGreaterThanOrEqual(6);
    expect(reads).toBeLessThanOrEqual(9);
  });

  it('touched during the warning: the logout is held back, then called off', async () => {
    const { idle, events } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(9 * MIN + SEC);
    expect(events).toEqual(['warning']);
    serverLast = Date.now();
    await vi.advanceTimersByTimeAsync(MIN);
    expect(events).toEqual(['warning', 'active']);
    expect(idle.state).toBe('active');
    expect(idle.remainingMs()).toBe(9 * MIN); // the server saw it at 9:01; now 10:01
  });

  it('nothing elsewhere: logs out on time', async () => {
    const { events } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(events).toEqual(['warning', 'logout:idle']);
  });

  it.each(['fail', 'hang', 'garbage'] as const)('fails closed when the read %s', async (how) => {
    const { events } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(9 * MIN);
    serverLast = Date.now();
    answer = how;
    await vi.advanceTimersByTimeAsync(MIN + 10 * SEC);
    expect(events).toEqual(['warning', 'logout:idle']);
  });

  it("with a revoke, a read that hangs at the deadline holds the logout no later than 0.5 s before the server's deadline", async () => {
    const t0 = Date.now();
    const { idle, events } = make({ revoke: { url: '/api/v2/tokens/me' } });
    let at = 0;
    idle.on('logout', () => (at = Date.now() - t0));
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(9 * MIN);
    answer = 'hang';
    // Ours is at 10 min − 2 s (revokeAheadMs); the server's at 10 min. The read (up to 10 s) is not waited for.
    await vi.advanceTimersByTimeAsync(MIN - 2 * SEC);
    expect(idle.state).toBe('warning');
    await vi.advanceTimersByTimeAsync(2 * SEC);
    expect(events).toEqual(['warning', 'logout:idle']);
    expect(at).toBe(10 * MIN - 500);
  });

  it("with a revoke, an answer within the time left still calls the logout off (activity elsewhere)", async () => {
    const { idle, events } = make({ revoke: { url: '/api/v2/tokens/me' } });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(9 * MIN);
    serverLast = Date.now() + 50 * SEC; // used elsewhere during the warning, after the pre-warning read
    await vi.advanceTimersByTimeAsync(MIN);
    expect(events).toEqual(['warning', 'active']);
    expect(idle.state).toBe('active');
  });

  it('a 401 logs out at once', async () => {
    answer = 401;
    const { events } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['logout:revoked']);
  });

  it('corrects for a server clock an hour ahead', async () => {
    skew = 60 * MIN;
    const { idle } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    serverLast = Date.now() + skew; // server time
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    // Date header has whole seconds: up to a second of correction error, never more.
    expect(Math.abs(idle.remainingMs() - 10 * MIN)).toBeLessThanOrEqual(SEC);
  });

  it('readings that differ by less than the Date header resolution (1 s) are not chased', async () => {
    creep = 300;
    const { events } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(10 * MIN + 5 * SEC);
    expect(events).toEqual(['warning', 'logout:idle']);
    // At start, before the warning, before the logout: not a read per millisecond near the warning.
    expect(reads).toBeLessThanOrEqual(4);
  });

  it('a server deadline earlier than ours is not adopted (our unseen activity is newer)', async () => {
    const { idle } = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(2 * MIN);
    idle.extend();
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.remainingMs()).toBe(10 * MIN);
  });
});

describe('serverClock and this page’s own non-activity requests', () => {
  const poll = () => fetch('/poll', { headers: { Authorization: 'Bearer token-a' } }).catch((e) => e); // refused once logged out

  it('background polling excluded from activity is not adopted from the server', async () => {
    const { idle, events } = make({ activity: { api: { exclude: ['/poll'] } } });
    await vi.dynamicImportSettled();
    for (let t = 0; t < 12 * MIN; t += 10 * SEC) {
      await poll();
      serverLast = Date.now(); // the server saw our poll
      await vi.advanceTimersByTimeAsync(10 * SEC);
    }
    expect(events).toEqual(['warning', 'logout:idle']);
    expect(idle.state).toBe('logged-out');
  });

  it('use elsewhere after our last poll is still adopted', async () => {
    const { idle, events } = make({ activity: { api: { exclude: ['/poll'] } } });
    await vi.dynamicImportSettled();
    for (let t = 0; t < 12 * MIN; t += 10 * SEC) {
      await poll();
      await vi.advanceTimersByTimeAsync(5 * SEC);
      serverLast = Date.now(); // another tab, 5 s after our poll
      await vi.advanceTimersByTimeAsync(5 * SEC);
    }
    expect(events).toEqual([]);
    expect(idle.state).toBe('active');
  });

  it('our own keepalive is not adopted as activity elsewhere', async () => {
    const { idle } = make({ keepalive: { url: '/api/v2/tokens/me', minIntervalMs: MIN } });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(30 * SEC);
    idle.extend(); // unseen by the server: the keepalive tells it 30 s later
    await vi.advanceTimersByTimeAsync(30 * SEC);
    serverLast = Date.now();
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.remainingMs()).toBe(9.5 * MIN); // from the extend, not from the keepalive
  });
});
