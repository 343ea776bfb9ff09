import { describe, expect, it, vi } from 'vitest';
import type { IdleLogoutOptions } from '../../src/index';
import { useSandbox } from '../support/sandbox';

const SEC = 1000;
const REVOKE = '/api/v2/tokens/me';
/** What the server does with each revoke, in turn (the last repeats): an HTTP status, or 0 for a network error. */
let answers: number[] = [];
let revokes: string[] = [];
const sandbox = useSandbox(() => {
  answers = [200];
  revokes = [];
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) !== REVOKE) return new Response('{}');
    revokes.push(new Headers(init?.headers).get('authorization')!);
    const status = answers.length > 1 ? answers.shift()! : answers[0];
    if (!status) throw new TypeError('Failed to fetch');
    return new Response('{}', { status });
  }) as typeof fetch;
});

let token: string | null = 'token-a';
/** An instance with revoke on, once its retries' chunk (loaded as it starts) is there. */
async function make(options: Partial<IdleLogoutOptions> = {}) {
  token = 'token-a';
  const idle = sandbox.create({ getToken: () => token, timeoutMs: 600_000, sync: false, revoke: { url: REVOKE }, ...options });
  const errors: unknown[] = [];
  idle.on('error', (e) => errors.push(e));
  await vi.dynamicImportSettled();
  return { idle, errors };
}

describe('revoke', () => {
  it('revokes once at logout, with the token', async () => {
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toEqual(['Bearer token-a']);
    expect(errors).toEqual([]);
  });

  it('after a network error, tries again after 2, 4, 8 and 16 s, five tries in all, and reports the last failure once', async () => {
    answers = [0];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(0);
    expect(revokes).toHaveLength(1);
    expect(errors).toEqual([]);
    for (const [wait, total] of [[2, 2], [4, 3], [8, 4], [16, 5]]) {
      await vi.advanceTimersByTimeAsync(wait * SEC - 1);
      expect(revokes).toHaveLength(total - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(revokes).toHaveLength(total);
    }
    await vi.advanceTimersByTimeAsync(10 * 60 * SEC);
    expect(revokes).toHaveLength(5);
    expect(errors).toEqual([{ code: 'revoke', error: expect.objectContaining({ name: 'IdleRequestError', status: 0, url: REVOKE, cause: expect.any(TypeError) }) }]);
  });

  it('tries again at once when the network comes back (online), and stops once the server has it', async () => {
    answers = [0, 0, 204];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(0);
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(revokes).toHaveLength(2);
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(revokes).toHaveLength(3);
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it.each([408, 429, 500, 503])('tries again after HTTP %i', async (status) => {
    answers = [status, 204];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('a 401 is final and no failure: the server dropped the token already', async () => {
    answers = [401];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it.each([400, 403, 404, 405])('HTTP %i is final: reported once, not tried again', async (status) => {
    answers = [status];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toHaveLength(1);
    expect(errors).toEqual([{ code: 'revoke', error: expect.objectContaining({ status, message: expect.stringMatching(`^idle-logout: revoke: HTTP ${status} from `) }) }]);
  });

  it('keeps trying for the old token after a re-login with a new one; never revokes the new one', async () => {
    answers = [0, 0, 204];
    const { idle } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(0);
    token = 'token-b';
    expect(idle.state).toBe('active');
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toEqual(['Bearer token-a', 'Bearer token-a', 'Bearer token-a']);
  });

  it('stops trying when the same token is signed in again here', async () => {
    answers = [0];
    const { idle } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(0);
    // The app drops the token, then gets the same one back: a live session again, not to be revoked.
    token = null;
    expect(idle.state).toBe('logged-out');
    token = 'token-a';
    expect(idle.state).toBe('active');
    await vi.advanceTimersByTimeAsync(60 * SEC);
    dispatchEvent(new Event('online'));
    expect(revokes).toHaveLength(1);
  });

  it('a logout before the sending chunk arrived is sent once it arrives, and retried like any other', async () => {
    answers = [0, 204];
    token = 'token-a';
    const idle = sandbox.create({ getToken: () => token, timeoutMs: 600_000, sync: false, revoke: { url: REVOKE } });
    const errors: unknown[] = [];
    idle.on('error', (e) => errors.push(e));
    idle.logout();
    expect(revokes).toEqual([]);
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(revokes).toEqual(['Bearer token-a', 'Bearer token-a']);
    expect(errors).toEqual([]);
  });

  it('stops trying when the instance is destroyed', async () => {
    answers = [0];
    const { idle } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(0);
    idle.destroy();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    dispatchEvent(new Event('online'));
    expect(revokes).toHaveLength(1);
  });
});
