import { describe, expect, it, vi } from 'vitest';
import type { IdleLogoutOptions, IdleSnapshot } from '../../src/index';
import { recordingNetwork, useSandbox, type Call } from '../support/sandbox';

const MIN = 60_000;
const T0 = 1_700_000_000_000; // the sandbox's fake wall clock at the start of each test

const calls: Call[] = [];
const sandbox = useSandbox(() => recordingNetwork(calls, () => 200));

function make(options: Partial<IdleLogoutOptions> = {}) {
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, revoke: false, sync: false, ...options });
  const seen: IdleSnapshot[] = [];
  idle.subscribe((s) => seen.push(s));
  return { idle, seen };
}

const api = () => fetch('/api/v2/users/me', { headers: { Authorization: 'Bearer token-a' } });

describe('getSnapshot', () => {
  it('is frozen and shows the state and the wall-clock deadline', () => {
    const { idle } = make();
    const s = idle.getSnapshot();
    expect(Object.isFrozen(s)).toBe(true);
    expect(s).toEqual({ state: 'active', deadline: T0 + 10 * MIN });
  });

  it('keeps its identity while nothing changes (time passing, state reads, no-op ticks)', async () => {
    const { idle, seen } = make();
    const first = idle.getSnapshot();
    await vi.advanceTimersByTimeAsync(3 * MIN);
    expect(idle.state).toBe('active'); // re-checks the clock: a tick that changes nothing
    expect(idle.remainingMs()).toBe(7 * MIN);
    expect(idle.getSnapshot()).toBe(first);
    expect(idle.getSnapshot()).toBe(idle.getSnapshot());
    expect(seen).toEqual([]);
  });

  it('changes when activity moves the deadline, and notifies once', async () => {
    const { idle, seen } = make();
    const first = idle.getSnapshot();
    await vi.advanceTimersByTimeAsync(2 * MIN);
    await api();
    const next = idle.getSnapshot();
    expect(next).not.toBe(first);
    expect(next).toEqual({ state: 'active', deadline: T0 + 12 * MIN });
    expect(seen).toEqual([next]);
  });

  it('changes on the warning, with the same deadline', async () => {
    const { idle, seen } = make();
    await vi.advanceTimersByTimeAsync(9 * MIN);
    expect(idle.getSnapshot()).toEqual({ state: 'warning', deadline: T0 + 10 * MIN });
    expect(seen.map((s) => s.state)).toEqual(['warning']);
  });

  it('changes on a hold (deadline Infinity) and on its release', async () => {
    const { idle, seen } = make();
    await vi.advanceTimersByTimeAsync(MIN);
    const release = idle.hold('voice-call');
    expect(idle.getSnapshot()).toEqual({ state: 'held', deadline: Infinity });
    await vi.advanceTimersByTimeAsync(30 * MIN);
    release();
    expect(idle.getSnapshot()).toEqual({ state: 'active', deadline: T0 + 41 * MIN });
    expect(seen.map((s) => s.state)).toEqual(['held', 'active']);
  });

  it('changes on logout, with the reason', async () => {
    const manual = make();
    manual.idle.logout();
    expect(manual.idle.getSnapshot()).toEqual({ state: 'logged-out', deadline: 0, reason: 'manual' });

    const idle = make();
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(idle.idle.getSnapshot()).toEqual({ state: 'logged-out', deadline: 0, reason: 'idle' });
    expect(idle.seen.map((s) => s.state)).toEqual(['warning', 'logged-out']);
  });

  it('changes when the policy arrives from the server', async () => {
    const { idle, seen } = make({ timeoutMs: undefined, timeoutFrom: async () => ({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 30 * 60 }) });
    // The server's policy is applied by a lazily loaded part: wait for it, not for a guessed time.
    await vi.waitFor(() => expect(idle.getSnapshot()).toEqual({ state: 'active', deadline: T0 + 30 * MIN }));
    expect(seen.at(-1)).toBe(idle.getSnapshot());
  });

  it('shows logged-out without a reason while there is no token, and the new token once the SDK sees it', async () => {
    let token: string | null = null;
    const { idle } = make({ getToken: () => token });
    expect(idle.getSnapshot()).toEqual({ state: 'logged-out', deadline: 0 });
    token = 'token-a';
    expect(idle.state).toBe('active');
    expect(idle.getSnapshot()).toEqual({ state: 'active', deadline: T0 + 10 * MIN });
  });
});

describe('subscribe', () => {
  it('returns a remover: a removed listener is not called again', async () => {
    const { idle } = make();
    const listener = vi.fn();
    const off = idle.subscribe(listener);
    idle.hold('upload');
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    idle.logout();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('a throwing listener does not stop the others, and its error is reported, not thrown into the SDK', async () => {
    const { idle, seen } = make();
    idle.subscribe(() => {
      throw new Error('listener bug');
    });
    const after = vi.fn();
    idle.subscribe(after);
    expect(() => idle.hold('upload')).not.toThrow();
    expect(seen).toHaveLength(1);
    expect(after).toHaveBeenCalledTimes(1);
    // Reported like a throwing event handler: rethrown from its own task.
    expect(() => vi.advanceTimersByTime(0)).toThrow('listener bug');
  });

  it('destroy() removes every listener', async () => {
    const { idle, seen } = make();
    idle.destroy();
    await vi.advanceTimersByTimeAsync(20 * MIN);
    expect(seen).toEqual([]);
  });
});
