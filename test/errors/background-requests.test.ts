import { describe, expect, it, vi } from 'vitest';
import { type ErrorEvent, IdleRequestError } from '../../src/index';
import { useSandbox } from '../support/sandbox';

const MIN = 60_000;
const KEEPALIVE = 'https://api.example.com/api/v2/tokens/me';
const CLOCK = 'https://api.example.com/api/v2/tokens/me?preserveIdleTTL=true';
/** How the server answers: a status, 0 for a network error, 'hang' for no answer at all. */
let answer: number | 'hang';
const sandbox = useSandbox(() => {
  answer = 200;
  return vi.fn(async (input: RequestInfo | URL) => {
    if (String(input) !== KEEPALIVE && String(input) !== CLOCK) return new Response('{}');
    if (answer === 'hang') return new Promise<Response>(() => {});
    if (!answer) throw new TypeError('Failed to fetch');
    return new Response(answer === 200 ? '{}' : 'no', { status: answer });
  }) as typeof fetch;
});

async function errorsOf(options: object, act: (idle: ReturnType<typeof sandbox.create>) => Promise<void>) {
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, sync: false, ...options });
  const errors: ErrorEvent[] = [];
  idle.on('error', (e) => errors.push(e));
  await vi.dynamicImportSettled();
  await act(idle);
  return errors;
}

describe('keepalive and server-clock failures carry status and URL', () => {
  it.each([
    [503, 503],
    [0, 0],
  ])('keepalive answered %i → IdleRequestError status %i', async (a, status) => {
    answer = a;
    const errors = await errorsOf({ keepalive: { url: KEEPALIVE, minIntervalMs: MIN } }, async (idle) => {
      for (let t = 0; t < 2 * MIN; t += 1000) idle.extend(), await vi.advanceTimersByTimeAsync(1000);
    });
    expect(errors[0]).toEqual({ code: 'keepalive', error: expect.any(IdleRequestError) });
    expect(errors[0].error).toMatchObject({ code: 'keepalive', status, url: KEEPALIVE });
  });

  it.each([
    ['HTTP 500', 500, 500],
    ['a network error', 0, 0],
    ['no answer in 10 s', 0, 'hang'],
    ['a 200 without dateTokenIdles', 200, 200],
  ] as const)('server-clock read: %s → IdleRequestError status %i', async (_, status, a) => {
    answer = a;
    const errors = await errorsOf({ serverClock: { url: CLOCK } }, async () => {
      await vi.advanceTimersByTimeAsync(11_000);
    });
    expect(errors[0]).toEqual({ code: 'server-clock', error: expect.any(IdleRequestError) });
    expect(errors[0].error).toMatchObject({ code: 'server-clock', status, url: CLOCK });
  });
});
