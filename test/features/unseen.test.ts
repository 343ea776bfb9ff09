import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleLogout, type IdleLogout, type IdleLogoutOptions } from '../../src/index';
import { useRecordingSandbox } from '../support/sandbox';

// The hint for an early-bound client: the browser's resource timing (a PerformanceObserver, faked here: happy-dom has
// none) lists a fetch/XHR to an API URL that the SDK never saw; it is reported once through `error`. The real thing
// runs in e2e/wrappers.spec.ts with openapi-fetch imported before the instance.

class Observer {
  static supportedEntryTypes = ['resource'];
  static live = new Set<Observer>();
  constructor(readonly callback: (list: { getEntries(): unknown[] }) => void) {}
  observe() {
    Observer.live.add(this);
  }
  disconnect() {
    Observer.live.delete(this);
  }
}
/** The browser reports finished requests: `[url, initiatorType]`, started now. */
function finished(...entries: [string, string?][]) {
  const list = entries.map(([name, initiatorType = 'fetch']) => ({ name, initiatorType, startTime: performance.now() }));
  for (const o of Observer.live) o.callback({ getEntries: () => list });
}
beforeEach(() => vi.stubGlobal('PerformanceObserver', Observer));
afterEach(() => {
  Observer.live.clear();
  vi.unstubAllGlobals();
});

const MIN = 60_000;
useRecordingSandbox();
const instances: IdleLogout[] = [];
afterEach(() => instances.splice(0).forEach((i) => i.destroy()));
const auth = { Authorization: 'Bearer token-a' };
const here = (path: string) => new URL(path, location.href).href;

/** An instance, once its check (a chunk every instance loads at start) is observing. */
async function make(options: Partial<IdleLogoutOptions> = {}) {
  const early = globalThis.fetch; // a client that took fetch before the instance existed
  const idle = createIdleLogout({ getToken: () => 'token-a', timeoutMs: 10 * MIN, revoke: false, sync: false, ...options });
  instances.push(idle);
  const errors: { code: string; error: unknown }[] = [];
  idle.on('error', (e) => void errors.push(e));
  await vi.waitFor(() => expect(Observer.live.size).toBe(1));
  return { idle, errors, early };
}

describe('unseen-requests: an API request that did not pass the SDK', () => {
  it('is reported once, naming the URL and the fix', async () => {
    const { errors, early } = await make();
    await early('/api/v2/users/me', { headers: auth });
    finished([here('/api/v2/users/me')]);
    await early('/api/v2/users/me/presence', { headers: auth });
    finished([here('/api/v2/users/me/presence')]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('unseen-requests');
    const { message, url } = errors[0]!.error as Error & { url: string };
    expect(url).toBe(here('/api/v2/users/me'));
    expect(message).toContain(here('/api/v2/users/me'));
    expect(message).toMatch(/imported first.*wrapFetch\(fetch\)/);
  });

  it('requests the SDK saw are not reported (fetch and XHR)', async () => {
    const { errors } = await make();
    await fetch('/api/v2/users/me', { headers: auth });
    finished([here('/api/v2/users/me')], [here('/api/v2/users/me'), 'xmlhttprequest']);
    expect(errors).toEqual([]);
  });

  it('not an API request, not fetch/XHR, excluded by activity.api, or the SDK’s own: not reported', async () => {
    const { errors } = await make({ serverClock: { url: '/api/v2/tokens/me?preserveIdleTTL=true' }, activity: { api: { exclude: ['/poll'] } } });
    finished(
      [here('/locales/en.json')],
      [here('/api/v2/avatar.png'), 'img'],
      [here('/api/v2/poll/presence')],
      [here('/api/v2/tokens/me?preserveIdleTTL=true')],
      ['https://cdn.example/lib.js'],
    );
    // (The server clock's own check of the sandbox's answer may fail: not this test's business.)
    expect(errors.filter((e) => e.code === 'unseen-requests')).toEqual([]);
  });

  it('beside a request the SDK saw (same origin and first path segment), or matching activity.api.include: reported', async () => {
    const first = await make();
    await fetch('/svc/orders', { headers: auth });
    finished([here('/svc/orders/7')]);
    expect(first.errors.map((e) => e.code)).toEqual(['unseen-requests']);
    first.idle.destroy();
    const second = await make({ activity: { api: { include: ['/rest/'] } } });
    finished([here('/rest/things')]);
    expect(second.errors.map((e) => e.code)).toEqual(['unseen-requests']);
  });

  it('requests started before the check began are left out (the SDK may have seen them before it listened)', async () => {
    const entry = { name: here('/api/v2/users/me'), initiatorType: 'fetch', startTime: performance.now() - 1 };
    const { errors } = await make();
    for (const o of Observer.live) o.callback({ getEntries: () => [entry] });
    expect(errors).toEqual([]);
  });

  it('after 20 API requests, all seen, the check ends: no observer left, nothing listened to', async () => {
    const { errors, early } = await make();
    for (let i = 0; i < 20; i++) {
      await fetch(`/api/v2/things/${i}`, { headers: auth });
      finished([here(`/api/v2/things/${i}`)]);
    }
    expect(Observer.live.size).toBe(0);
    await early('/api/v2/users/me', { headers: auth });
    finished([here('/api/v2/users/me')]);
    expect(errors).toEqual([]);
  });

  it('destroy() disconnects it', async () => {
    const { idle } = await make();
    expect(Observer.live.size).toBe(1);
    idle.destroy();
    expect(Observer.live.size).toBe(0);
  });
});
