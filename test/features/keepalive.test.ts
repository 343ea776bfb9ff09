import { describe, expect, it, vi } from 'vitest';
import { start as keepalive } from '../../src/features/keepalive';
import { startSession } from '../../src/core/session';
import { IdlePolicyError, type IdleLogoutOptions } from '../../src/index';
import type { Runtime } from '../../src/types/runtime';
import type { Session } from '../../src/types/session';
import { useRecordingSandbox } from '../support/sandbox';

const MIN = 60_000;
const SEC = 1000;
const { sandbox, net, calls } = useRecordingSandbox();

function make(options: Partial<IdleLogoutOptions> = {}) {
  return sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, keepalive: { url: '/api/v2/tokens/me', minIntervalMs: MIN }, ...options });
}
const keepalives = () => calls.filter((c) => c.url === '/api/v2/tokens/me');

describe('keepalive', () => {
  it('validates minIntervalMs', () => {
    expect(() => make({ keepalive: { url: '/k', minIntervalMs: 10 } })).toThrow(IdlePolicyError);
    expect(() => make({ keepalive: { url: '/k', minIntervalMs: NaN } })).toThrow(/keepalive\.minIntervalMs/);
  });

  it('sends nothing without activity the server has not seen', async () => {
    make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(9 * MIN);
    expect(keepalives()).toEqual([]);
  });

  it('continuous unseen activity: exactly one keepalive per interval, a HEAD with the token', async () => {
    const idle = make();
    await vi.dynamicImportSettled();
    for (let t = 0; t < 30 * MIN; t += SEC) {
      idle.extend();
      await vi.advanceTimersByTimeAsync(SEC);
    }
    expect(idle.state).toBe('active');
    // 30 min of activity, the first beat due one interval after sign-in: 29 or 30.
    expect(keepalives().length).toBeGreaterThanOrEqual(29);
    expect(keepalives().length).toBeLessThanOrEqual(30);
    expect(keepalives()[0]).toEqual({ url: '/api/v2/tokens/me', method: 'HEAD', auth: 'Bearer token-a' });
  });

  it('one burst of activity is told to the server within an interval, once', async () => {
    const idle = make();
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(10 * SEC);
    idle.extend();
    idle.extend();
    await vi.advanceTimersByTimeAsync(49 * SEC);
    expect(keepalives()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(SEC);
    expect(keepalives()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(8 * MIN);
    expect(keepalives()).toHaveLength(1);
  });

  it('API calls are seen by the server: no keepalive while they go on, excluded polling included', async () => {
    const idle = make({ activity: { api: { exclude: ['/poll'] } } });
    await vi.dynamicImportSettled();
    for (let t = 0; t < 5 * MIN; t += 20 * SEC) {
      idle.extend();
      await fetch(t % 40_000 ? '/poll' : '/api/v2/users/me', { headers: { Authorization: 'Bearer token-a' } });
      await vi.advanceTimersByTimeAsync(20 * SEC);
    }
    expect(keepalives()).toEqual([]);
  });

  it('never more often than half the timeout', async () => {
    const idle = make({ timeoutMs: 10 * MIN, keepalive: { url: '/api/v2/tokens/me', minIntervalMs: 60 * MIN } });
    await vi.dynamicImportSettled();
    for (let t = 0; t < 20 * MIN; t += 10 * SEC) {
      idle.extend();
      await vi.advanceTimersByTimeAsync(10 * SEC);
    }
    expect(keepalives()).toHaveLength(4);
  });

  it('a hold keeps the server timer running without activity', async () => {
    const idle = make();
    await vi.dynamicImportSettled();
    const release = idle.hold('voice');
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(keepalives()).toHaveLength(10);
    release(); // at the moment of the last keepalive: the server has seen it
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(keepalives()).toHaveLength(10);
    expect(idle.state).toBe('logged-out');
  });

  it('a 401 answer logs out', async () => {
    const idle = make();
    await vi.dynamicImportSettled();
    net.status = 401;
    await vi.advanceTimersByTimeAsync(SEC);
    idle.extend();
    await vi.advanceTimersByTimeAsync(MIN);
    expect(keepalives()).toHaveLength(1);
    expect(idle.state).toBe('logged-out');
  });
});

describe('keepalive feature: only the tab that acts sends', () => {
  it('a follower sends nothing, and takes over when it becomes the one that acts', async () => {
    let acting = false;
    const policy = { timeoutMs: 10 * MIN, warnBeforeMs: MIN, enabled: true };
    let session: Session = startSession(policy, Date.now());
    const activity = new Set<(e: { source: string }) => void>();
    const rt = {
      options: { getToken: () => 'token-a', keepalive: { url: '/api/v2/tokens/me', minIntervalMs: MIN } },
      now: () => Date.now(),
      session: () => session,
      refresh: () => session,
      token: () => 'token-a',
      acts: () => acting,
      on: (_name: string, fn: (e: { source: string }) => void) => (activity.add(fn), () => activity.delete(fn)),
      onChange: () => () => {},
      onRequest: () => () => {},
      sent: vi.fn(),
      dispatch: vi.fn(),
      fail: vi.fn(),
    } as unknown as Runtime;
    const { stop } = keepalive(rt)!;
    const act = (source = 'remote') => {
      session = { ...session, last: Date.now() };
      activity.forEach((fn) => fn({ source }));
    };
    for (let t = 0; t < 5 * MIN; t += 10 * SEC) {
      await vi.advanceTimersByTimeAsync(10 * SEC);
      act();
    }
    expect(keepalives()).toEqual([]);
    acting = true; // the leader left
    await vi.advanceTimersByTimeAsync(MIN);
    expect(keepalives()).toHaveLength(1);
    stop();
    act();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(keepalives()).toHaveLength(1);
  });
});
