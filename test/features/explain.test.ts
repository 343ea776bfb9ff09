import { describe, expect, it, vi } from 'vitest';
import { endpointPath, endpoints, period } from '../../src/features/explain/report';
import { recordingNetwork, useSandbox, type Call } from '../support/sandbox';

const MIN = 60_000;
const calls: Call[] = [];
const sandbox = useSandbox(() => recordingNetwork(calls, () => 200));
const auth = { Authorization: 'Bearer token-a' };
const here = (path: string) => new URL(path, location.href).href;

function make(token = () => 'token-a' as string | null, exclude: string[] = []) {
  return sandbox.create({ getToken: token, timeoutMs: 10 * MIN, revoke: false, sync: false, activity: { api: { exclude } } });
}

describe('endpointPath: ids collapse, kinds stay', () => {
  it.each([
    ['https://api.example.com/api/v2/users/42/presence?x=1', '/api/v2/users/{id}/presence'],
    ['/api/v2/users/3f1c9a2e-8b7d-4c6e-9f0a-1b2c3d4e5f60/presence', '/api/v2/users/{id}/presence'],
    ['/api/v2/files/9f86d081884c7d659a2feaa0c55ad015', '/api/v2/files/{id}'],
    ['/api/v2/tokens/dGhpcyBpcyBhIHRva2VuIDEyMzQ1', '/api/v2/tokens/{id}'],
    ['/api/v2/analytics/queues/observations/query', '/api/v2/analytics/queues/observations/query'],
    ['/api/v2/conversations-details-summary', '/api/v2/conversations-details-summary'],
    ['/api/v2/cafe', '/api/v2/cafe'],
  ])('%s → %s', (url, path) => expect(endpointPath(url)).toBe(path));
});

describe('period: regular repeats only', () => {
  it('needs 3 intervals (4 hits), all within ±10 % of their median', () => {
    expect(period([30_000, 30_000])).toBeUndefined();
    expect(period([30_000, 29_000, 31_500])).toBe(30_000);
    expect(period([30_000, 30_000, 34_000])).toBeUndefined();
    expect(period([5_000, 60_000, 12_000, 40_000])).toBeUndefined();
  });
});

/** Hits from (method, URL, time) triples, as the recorder stores them. */
const hits = (...t: (string | number)[]) => ({
  calls: t.filter((_, i) => i % 3 < 2) as string[],
  times: t.filter((_, i) => i % 3 === 2) as number[],
});

describe('endpoints: bounded memory', () => {
  it('keeps the 50 busiest; a new endpoint replaces the least busy one', () => {
    const e = endpoints();
    // 50 endpoints, each hit twice, except /api/e7 hit once: the least busy.
    for (let i = 0; i < 50; i++) e.add(hits('GET', `/api/e${i}`, i, ...(i === 7 ? [] : ['GET', `/api/e${i}`, 100 + i])));
    e.add(hits('GET', '/api/new', 200));
    const paths = e.report().map((r) => r.path);
    expect(paths).toHaveLength(50);
    expect(paths).toContain('/api/new');
    expect(paths).not.toContain('/api/e7');
  });

  it('folds only the entries asked for: a batch written over in place', () => {
    const e = endpoints();
    // Requests 1 and 2 are this fold's: the first was folded before, the last is an older batch's.
    e.add(hits('GET', '/api/p', 10, 'GET', '/api/p', 40, 'GET', '/api/p', 70, 'GET', '/api/q', 5), 1, 3);
    expect(e.report()).toMatchObject([{ path: '/api/p', count: 2, lastAt: 70 }]);
  });

  it('judges polling by the last 8 intervals only', () => {
    const e = endpoints();
    // 12 polls every 30 s, then 9 every 10 s: the last 8 intervals are all 10 s.
    const at = [...Array.from({ length: 12 }, (_, i) => i * 30_000), ...Array.from({ length: 9 }, (_, i) => 330_000 + (i + 1) * 10_000)];
    at.forEach((t) => e.add(hits('GET', '/api/poll', t)));
    expect(e.report()).toMatchObject([{ count: 21, periodMs: 10_000 }]);
  });
});

describe('idle.explain()', () => {
  it('names the last activity and the endpoints that counted, and marks a 30 s poller with the hint', async () => {
    const idle = make();
    // The recorder is a part loaded as the instance starts.
    await vi.dynamicImportSettled();
    for (let i = 0; i < 6; i++) {
      await fetch(`/api/v2/users/${100 + i}/presence`, { headers: auth });
      await vi.advanceTimersByTimeAsync(30_000);
    }
    await fetch('/api/v2/notes', { method: 'POST', headers: auth });
    await vi.advanceTimersByTimeAsync(7_000);
    await fetch('/api/v2/notes', { method: 'POST', headers: auth });
    const at = Date.now();
    idle.extend();
    const report = await idle.explain();
    expect(report.last).toEqual({ source: 'extend', at });
    expect(report.endpoints).toEqual([
      {
        endpoint: 'GET /api/v2/users/{id}/presence',
        method: 'GET',
        path: '/api/v2/users/{id}/presence',
        count: 6,
        lastAt: at - 7_000 - 30_000,
        periodMs: 30_000,
        hint: "every 30 s: this looks like polling; activity.api.exclude it if it is not the person's work",
      },
      { endpoint: 'POST /api/v2/notes', method: 'POST', path: '/api/v2/notes', count: 2, lastAt: at },
    ]);
  });

  it('the last API activity carries its method and absolute URL; excluded requests are not listed', async () => {
    const idle = make(undefined, ['/poll']);
    // The recorder is a part loaded as the instance starts.
    await vi.dynamicImportSettled();
    await fetch('/api/v2/users/me', { headers: auth });
    await fetch('/poll', { headers: auth });
    const report = await idle.explain();
    expect(report.last).toEqual({ source: 'api', method: 'GET', url: here('/api/v2/users/me'), at: Date.now() });
    expect(report.endpoints.map((e) => e.endpoint)).toEqual(['GET /api/v2/users/me']);
  });

  it('counts every request even past the raw batch (folded in batches), and starts over for a new token', async () => {
    let token: string | null = 'token-a';
    const idle = make(() => token);
    // The recorder is a part loaded as the instance starts.
    await vi.dynamicImportSettled();
    for (let i = 0; i < 600; i++) await fetch(`/api/v2/things/${i}`, { headers: auth });
    expect((await idle.explain()).endpoints).toMatchObject([{ endpoint: 'GET /api/v2/things/{id}', count: 600 }]);
    token = 'token-b';
    expect(await idle.explain()).toEqual({ last: undefined, endpoints: [] });
  });

  it('keeps the newest 4096 requests (and the batch being written) of a burst before the summary loads, then folds every later one', async () => {
    const idle = make();
    await vi.dynamicImportSettled();
    // In one task, before the summary's chunk can arrive: 20 full batches of 256 and 100 more.
    for (let i = 0; i < 20 * 256 + 100; i++) void fetch(`/api/v2/things/${i}`, { headers: auth });
    expect((await idle.explain()).endpoints).toMatchObject([{ count: 16 * 256 + 100 }]);
    // The summary is here: a full batch folds at once, nothing is dropped.
    for (let i = 0; i < 1000; i++) void fetch(`/api/v2/things/${i}`, { headers: auth });
    expect((await idle.explain()).endpoints).toMatchObject([{ count: 16 * 256 + 1100 }]);
  });
});
