import { describe, expect, it, vi } from 'vitest';
import type { IdleLogoutOptions, LogoutEvent } from '../../src/index';
import { useRecordingSandbox } from '../support/sandbox';

const MIN = 60_000;
const { sandbox, calls, net } = useRecordingSandbox();

/** An instance whose token the test sets, with `sessionOf` reading the sign-in from a table (like an ID token's sid). */
function make(options: Partial<IdleLogoutOptions> = {}) {
  let token: string | null = 'token-a1';
  const sid: Record<string, string> = { 'token-a1': 'S1', 'token-a2': 'S1', 'token-b1': 'S2' };
  const idle = sandbox.create({ getToken: () => token, sessionOf: (t) => sid[t], timeoutMs: 10 * MIN, warnBeforeMs: MIN, ...options });
  const logouts: LogoutEvent[] = [];
  idle.on('logout', (e) => logouts.push(e));
  return { idle, logouts, setToken: (t: string | null) => (token = t) };
}

const api = (token: string) => fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${token}` } });

describe('sessionOf: the sign-in session is the unit', () => {
  it('a renewed token of the same session keeps the clock and the activity counts for the session', async () => {
    const { idle, setToken } = make();
    await vi.advanceTimersByTimeAsync(6 * MIN);
    setToken('token-a2');
    await api('token-a2');
    expect(idle.remainingMs()).toBe(10 * MIN);
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(idle.state).toBe('active');
    expect(idle.remainingMs()).toBe(5 * MIN);
  });

  it('a renewal does not reset the clock without activity: the old deadline holds', async () => {
    const { idle, setToken } = make();
    await vi.advanceTimersByTimeAsync(6 * MIN);
    setToken('token-a2');
    expect(idle.remainingMs()).toBe(4 * MIN);
  });

  it('a token of another session starts a fresh clock', async () => {
    const { idle, setToken } = make();
    await vi.advanceTimersByTimeAsync(6 * MIN);
    setToken('token-b1');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('without sessionOf a new token is a new session (Genesys Cloud)', async () => {
    const { idle, setToken } = make({ sessionOf: undefined });
    await vi.advanceTimersByTimeAsync(6 * MIN);
    setToken('token-a2');
    expect(idle.remainingMs()).toBe(10 * MIN);
  });

  it('a renewal during the warning does not end it: only activity does', async () => {
    const { idle, setToken } = make();
    await vi.advanceTimersByTimeAsync(9.5 * MIN);
    expect(idle.state).toBe('warning');
    setToken('token-a2');
    expect(idle.state).toBe('warning');
    await vi.advanceTimersByTimeAsync(MIN);
    expect(idle.state).toBe('logged-out');
  });

  it('a sessionOf that throws is reported as get-token and the token counts as its own session', async () => {
    const errors: string[] = [];
    const { idle, setToken } = make({
      sessionOf: (t) => {
        if (t === 'token-a2') throw new Error('bad token');
        return 'S1';
      },
    });
    idle.on('error', (e) => errors.push(e.code));
    await vi.advanceTimersByTimeAsync(6 * MIN);
    setToken('token-a2');
    expect(idle.remainingMs()).toBe(10 * MIN);
    expect(errors).toEqual(['get-token']);
  });
});

describe('every logout is an event', () => {
  it("the token going away while live (the auth library removed it) is a logout with reason 'signed-out', and revoked", async () => {
    const { idle, logouts, setToken } = make({ revoke: { url: '/revoke' } });
    await vi.dynamicImportSettled();
    setToken(null);
    expect(idle.state).toBe('logged-out');
    expect(logouts).toEqual([{ reason: 'signed-out', lead: true, endSession: true }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.filter((c) => c.url === '/revoke')).toEqual([{ url: '/revoke', method: 'DELETE', auth: 'Bearer token-a1' }]);
  });

  it('the token going away during the warning is a signed-out logout too', async () => {
    const { idle, logouts, setToken } = make();
    await vi.advanceTimersByTimeAsync(9.5 * MIN);
    setToken(null);
    expect(idle.state).toBe('logged-out');
    expect(logouts.map((l) => l.reason)).toEqual(['signed-out']);
  });

  it('the token going away after a logout is no second logout', async () => {
    const { idle, logouts, setToken } = make();
    idle.logout();
    setToken(null);
    expect(idle.state).toBe('logged-out');
    expect(logouts.map((l) => l.reason)).toEqual(['manual']);
  });

  it('endSession: true when the sign-in ended (idle, manual), false when the API refused the token (revoked)', async () => {
    const { idle, logouts } = make();
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(logouts).toEqual([{ reason: 'idle', lead: true, endSession: true }]);
    const other = make({ getToken: () => 'token-b1' });
    net.status = 401;
    await api('token-b1');
    await vi.advanceTimersByTimeAsync(0);
    expect(other.logouts).toEqual([{ reason: 'revoked', lead: true, endSession: false }]);
    expect(idle.state).toBe('logged-out');
  });
});
