import { describe, expect, it, vi } from 'vitest';
import { createIdleLogout, type IdleLogoutOptions } from '../../src/index';
import { recordingNetwork, useSandbox, type Call } from '../support/sandbox';

const MIN = 60_000;
const calls: Call[] = [];
const sandbox = useSandbox(() => recordingNetwork(calls, () => 200));

function make(options: Partial<IdleLogoutOptions>) {
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, ...options });
  return { idle };
}

describe('timeoutFrom', () => {
  it("adopts the server's timeout", async () => {
    const { idle } = make({ timeoutMs: undefined, timeoutFrom: async () => ({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 1800 }) });
    // The server policy is a lazily loaded part: let it load, then answer.
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.remainingMs()).toBe(30 * MIN);
  });

  it('a disabled org timeout means no idle logout', async () => {
    const { idle } = make({ timeoutMs: undefined, timeoutFrom: async () => ({ enableIdleTokenTimeout: false }) });
    await vi.advanceTimersByTimeAsync(24 * 60 * MIN);
    expect(idle.state).toBe('active');
  });

  it('a bad answer is reported through the error event and the shortest legal timeout stays (fail closed)', async () => {
    const errors: unknown[] = [];
    const { idle } = make({ timeoutMs: undefined, timeoutFrom: async () => ({ idleTokenTimeoutSeconds: 5 }) });
    idle.on('error', (e) => errors.push(e.code));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual(['timeout-from']);
    expect(idle.remainingMs()).toBe(5 * MIN);
  });
});

describe('group timeouts', () => {
  const server = {
    enableIdleTokenTimeout: true,
    idleTokenTimeoutSeconds: 900,
    inactivityTimeoutGroupsEnabled: true,
    inactivityTimeoutGroupBundles: [{ priority: 1, timeoutSeconds: 3600, groups: ['monitoring'] }],
  };

  it('a supervisor in a 60-minute bundle is not signed out at the 15-minute org default', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    let answer!: (groups: string[]) => void;
    const idle = createIdleLogout({
      getToken: () => 'supervisor-token',
      timeoutFrom: async () => server,
      groups: () => new Promise<string[]>((resolve) => (answer = resolve)),
      sync: false,
    });
    try {
      await vi.dynamicImportSettled();
      await vi.advanceTimersByTimeAsync(0);
      // Until the groups are known, the shortest applicable timeout holds.
      expect(idle.remainingMs()).toBeLessThanOrEqual(15 * MIN);
      answer(['monitoring']);
      await vi.advanceTimersByTimeAsync(16 * MIN);
      expect(idle.state).toBe('active');
      expect(idle.remainingMs()).toBe(44 * MIN);
      await vi.advanceTimersByTimeAsync(44 * MIN);
      expect(idle.state).toBe('logged-out');
    } finally {
      idle.destroy();
      vi.useRealTimers();
    }
  });

  it('groups() failing keeps the shortest timeout and reports `groups` once', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const errors: string[] = [];
    const idle = createIdleLogout({ getToken: () => 'agent-token', timeoutFrom: async () => server, groups: () => Promise.reject(new Error('403')), sync: false });
    idle.on('error', (e) => errors.push(e.code));
    try {
      await vi.advanceTimersByTimeAsync(15 * MIN);
      expect(idle.state).toBe('logged-out');
      expect(errors).toEqual(['groups']);
    } finally {
      idle.destroy();
      vi.useRealTimers();
    }
  });
});

describe('timeoutFrom per sign-in', () => {
  const answer = { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 1800 };

  it('is never called without a token; it is called when the first token appears', async () => {
    let token: string | null = null;
    const timeoutFrom = vi.fn(async () => answer);
    const idle = sandbox.create({ getToken: () => token, timeoutFrom, sync: false });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(timeoutFrom).not.toHaveBeenCalled();
    token = 'token-a';
    expect(idle.state).toBe('active');
    await vi.advanceTimersByTimeAsync(0);
    expect(timeoutFrom).toHaveBeenCalledTimes(1);
    expect(idle.remainingMs()).toBe(30 * MIN);
  });

  it('is tried again after 2, 4, 8 s while it fails; the shortest timeout holds meanwhile (fail closed)', async () => {
    let fails = 3;
    const timeoutFrom = vi.fn(async () => {
      if (fails-- > 0) throw new Error('HTTP 503');
      return answer;
    });
    const errors: string[] = [];
    const idle = sandbox.create({ getToken: () => 'token-a', timeoutFrom, sync: false });
    idle.on('error', (e) => errors.push(e.code));
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.remainingMs()).toBe(5 * MIN);
    await vi.advanceTimersByTimeAsync(2000);
    expect(timeoutFrom).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(timeoutFrom).toHaveBeenCalledTimes(3);
    expect(idle.remainingMs()).toBeLessThanOrEqual(5 * MIN);
    await vi.advanceTimersByTimeAsync(8000);
    expect(timeoutFrom).toHaveBeenCalledTimes(4);
    expect(idle.remainingMs()).toBe(30 * MIN - 14_000);
    expect(errors).toEqual(['timeout-from']);
  });

  it('is asked again for each new sign-in, not for a renewal of the same one', async () => {
    let token = 'a1';
    const timeoutFrom = vi.fn(async () => answer);
    sandbox.create({ getToken: () => token, sessionOf: (t) => t[0], timeoutFrom, sync: false, timeoutMs: undefined });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(0);
    expect(timeoutFrom).toHaveBeenCalledTimes(1);
    token = 'a2'; // renewed
    await fetch('/api', { headers: { Authorization: 'Bearer a2' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(timeoutFrom).toHaveBeenCalledTimes(1);
    token = 'b1'; // another sign-in
    await fetch('/api', { headers: { Authorization: 'Bearer b1' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(timeoutFrom).toHaveBeenCalledTimes(2);
  });
});
