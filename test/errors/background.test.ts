import { describe, expect, it, vi } from 'vitest';
import { IdlePolicyError, IdleRequestError, isIdleLogoutError, type ErrorEvent, type IdleLogoutOptions } from '../../src/index';
import { useSandbox } from '../support/sandbox';

const SEC = 1000;
const REVOKE = 'https://api.example.com/api/v2/tokens/me';
const ENDPOINT = 'https://id.example.com/oauth/revoke';
/** What the server answers each revoke, in turn (the last repeats): a status, or 0 for a network error. */
let answers: number[] = [];
const sandbox = useSandbox(() => {
  answers = [200];
  return vi.fn(async (input: RequestInfo | URL) => {
    if (String(input) !== REVOKE && String(input) !== ENDPOINT) return new Response('{}');
    const status = answers.length > 1 ? answers.shift()! : answers[0];
    if (!status) throw new TypeError('Failed to fetch');
    return new Response('{}', { status });
  }) as typeof fetch;
});

/** An instance, its `error` events, once its lazily loaded parts are there. */
async function make(options: Partial<IdleLogoutOptions>) {
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 600_000, sync: false, ...options });
  const errors: ErrorEvent[] = [];
  idle.on('error', (e) => errors.push(e));
  await vi.dynamicImportSettled();
  return { idle, errors };
}

describe('background failures reach the error event as IdleLogoutErrors that say what failed', () => {
  it.each([
    ['HTTP 403 (final)', [403], 403],
    ['HTTP 500 on every try (after the retries)', [500], 500],
    ['no answer on every try (after the retries)', [0], 0],
  ])('the revoke (bearer form): %s → code revoke, status %i, the URL', async (_, answer, status) => {
    answers = answer;
    const { idle, errors } = await make({ revoke: { url: REVOKE } });
    idle.logout();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(errors).toHaveLength(1);
    const [{ code, error }] = errors;
    expect(code).toBe('revoke');
    expect(error).toBeInstanceOf(IdleRequestError);
    expect(error).toMatchObject({ code: 'revoke', status, url: REVOKE });
    expect(isIdleLogoutError(error)).toBe(true);
    // What the browser said when no answer came; an HTTP status needs no cause.
    expect((error as IdleRequestError).cause).toEqual(status ? undefined : new TypeError('Failed to fetch'));
  });

  it('the revoke (OAuth form): the failing request\'s endpoint and status', async () => {
    answers = [400];
    const { idle, errors } = await make({ revoke: { oauth: { endpoint: ENDPOINT, clientId: 'spa', tokens: () => ({ access: 'token-a', refresh: 'r' }) } } });
    idle.logout();
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(errors).toEqual([{ code: 'revoke', error: expect.objectContaining({ name: 'IdleRequestError', code: 'revoke', status: 400, url: ENDPOINT }) }]);
  });

  it('groups() answering something other than an array: code groups, an IdlePolicyError naming groups() and the value', async () => {
    const server = {
      enableIdleTokenTimeout: true,
      idleTokenTimeoutSeconds: 1800,
      inactivityTimeoutGroupsEnabled: true,
      inactivityTimeoutGroupBundles: [{ priority: 1, timeoutSeconds: 3600, groups: ['monitoring'] }],
    };
    const { errors } = await make({ timeoutMs: undefined, timeoutFrom: async () => server, groups: () => 'monitoring' as never });
    await vi.advanceTimersByTimeAsync(SEC);
    expect(errors).toEqual([{ code: 'groups', error: expect.any(IdlePolicyError) }]);
    expect(errors[0].error).toMatchObject({ code: 'policy', field: 'groups()', value: 'monitoring', range: 'an array of group ids' });
  });
});
