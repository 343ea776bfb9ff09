import { describe, expect, it, vi } from 'vitest';
import { axiosInterceptors, TokenLoggedOutError, wrapFetch, type ActivityEvent, type IdleLogoutOptions } from '../../src/index';
import { useRecordingSandbox } from '../support/sandbox';

const MIN = 60_000;
const { sandbox, net, calls } = useRecordingSandbox();

/** An instance for `token-a` whose `activity.api` filter records every URL it is asked about. */
function make(options: Partial<IdleLogoutOptions> = {}) {
  const seen: string[] = [];
  const activity: ActivityEvent[] = [];
  const idle = sandbox.create({
    getToken: () => 'token-a',
    timeoutMs: 10 * MIN,
    revoke: false,
    sync: false,
    activity: { api: { include: [(url) => (seen.push(url), true)] } },
    ...options,
  });
  idle.on('activity', (e) => activity.push(e));
  return { idle, seen, activity };
}

const auth = { Authorization: 'Bearer token-a' };
const here = (path: string) => new URL(path, location.href).href;

describe('the URL a pattern sees is always absolute', () => {
  it('fetch with a relative string, a Request, a URL; XHR with a relative URL', async () => {
    // No real network for XHR: the native send (under the patch) just ends the request.
    const send = vi.spyOn(XMLHttpRequest.prototype, 'send').mockImplementation(function (this: XMLHttpRequest) {
      setTimeout(() => this.dispatchEvent(new Event('loadend')));
    });
    const { idle, seen } = make();
    await fetch('/api/v2/things/1', { headers: auth });
    await fetch('things/2?x=1', { headers: auth });
    await fetch(new Request(here('/api/v2/things/3'), { headers: auth }));
    await fetch(new URL('/api/v2/things/4', location.href), { headers: auth });
    const xhr = new XMLHttpRequest();
    xhr.open('GET', '/api/v2/things/5');
    xhr.setRequestHeader('Authorization', 'Bearer token-a');
    const ended = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
    xhr.send();
    await vi.advanceTimersByTimeAsync(0);
    await ended;
    expect(seen).toEqual([
      here('/api/v2/things/1'),
      here('things/2?x=1'),
      here('/api/v2/things/3'),
      here('/api/v2/things/4'),
      here('/api/v2/things/5'),
    ]);
    expect(seen.every((u) => u.startsWith('http'))).toBe(true);
    idle.destroy();
    send.mockRestore();
  });

  it('a relative URL resolves against the page URL of the moment (an SPA navigation changes it)', async () => {
    const { idle, seen } = make();
    history.pushState(null, '', '/app/queues/');
    await fetch('stats', { headers: auth });
    history.pushState(null, '', '/app/users/');
    await fetch('stats', { headers: auth });
    expect(seen).toEqual([`${location.origin}/app/queues/stats`, `${location.origin}/app/users/stats`]);
    idle.destroy();
  });

  it('an exclude predicate written for absolute URLs also matches fetch with a path', async () => {
    const { idle } = make({ activity: { api: { exclude: [(url) => url.startsWith(`${location.origin}/poll`)] } } });
    await vi.advanceTimersByTimeAsync(MIN);
    await fetch('/poll/presence', { headers: auth });
    expect(idle.remainingMs()).toBe(9 * MIN);
    await fetch('/api/work', { headers: auth });
    expect(idle.remainingMs()).toBe(10 * MIN);
  });
});

describe('activity events name the request', () => {
  it('carry the method (upper case) and the absolute URL; other sources carry neither', async () => {
    const { idle, activity } = make();
    await fetch('/api/v2/users/me', { headers: auth });
    await fetch('/api/v2/notes', { method: 'post', headers: auth });
    await fetch(new Request(here('/api/v2/notes/1'), { method: 'DELETE', headers: auth }));
    idle.extend();
    expect(activity).toEqual([
      { source: 'api', method: 'GET', url: here('/api/v2/users/me') },
      { source: 'api', method: 'POST', url: here('/api/v2/notes') },
      { source: 'api', method: 'DELETE', url: here('/api/v2/notes/1') },
      { source: 'extend' },
    ]);
  });
});

describe('wrapFetch: clients that bound fetch before the instance existed', () => {
  it('counts, refuses a logged-out token with TokenLoggedOutError (the server never sees it), and logs out on 401', async () => {
    const early = wrapFetch(globalThis.fetch); // bound before createIdleLogout, like a client module loaded first
    const { idle, activity } = make();
    await vi.advanceTimersByTimeAsync(MIN);
    await early('/api/v2/users/me', { headers: auth });
    expect(idle.remainingMs()).toBe(10 * MIN);
    expect(activity).toEqual([{ source: 'api', method: 'GET', url: here('/api/v2/users/me') }]);
    net.status = 401;
    await early('/api/v2/users/me', { headers: auth });
    expect(idle.state).toBe('logged-out');
    const before = calls.length;
    await expect(early('/api/v2/users/me', { headers: auth })).rejects.toBeInstanceOf(TokenLoggedOutError);
    expect(calls.length).toBe(before);
  });

  it('a wrapped fetch that reaches the patched global counts the request once', async () => {
    const { activity } = make();
    const viaGlobal = wrapFetch((input, init) => globalThis.fetch(input, init));
    await viaGlobal('/api/x', { headers: auth });
    expect(activity).toHaveLength(1);
  });

  it('does not pass its `this` on (clients call it as a method of their options)', async () => {
    make();
    const strict = vi.fn(function (this: unknown) {
      if (this !== undefined) throw new TypeError('Illegal invocation');
      return Promise.resolve(new Response('{}'));
    });
    const options = { fetch: wrapFetch(strict as unknown as typeof fetch) };
    await expect(options.fetch('/api/x', { headers: auth })).resolves.toBeInstanceOf(Response);
  });
});

describe('patch: false', () => {
  it('leaves fetch and XHR untouched; wrapFetch still counts and refuses', async () => {
    const global = globalThis.fetch;
    const send = XMLHttpRequest.prototype.send;
    const { idle } = make({ patch: false });
    expect(globalThis.fetch).toBe(global);
    expect(XMLHttpRequest.prototype.send).toBe(send);
    await vi.advanceTimersByTimeAsync(MIN);
    await fetch('/api/x', { headers: auth });
    expect(idle.remainingMs()).toBe(9 * MIN);
    await wrapFetch(fetch)('/api/x', { headers: auth });
    expect(idle.remainingMs()).toBe(10 * MIN);
    idle.logout();
    await expect(wrapFetch(fetch)('/api/x', { headers: auth })).rejects.toBeInstanceOf(TokenLoggedOutError);
  });

  it('one instance that patches is enough to patch; destroying it restores the globals', () => {
    const global = globalThis.fetch;
    make({ patch: false });
    const patching = make();
    expect(globalThis.fetch).not.toBe(global);
    patching.idle.destroy();
    expect(globalThis.fetch).toBe(global);
  });
});

describe('axiosInterceptors', () => {
  const config = (url: string, extra: object = {}) => ({ url, method: 'get', headers: { Authorization: 'Bearer token-a' }, ...extra });

  it('request: counts with the joined absolute URL and method; refuses a logged-out token by throwing TokenLoggedOutError', async () => {
    const { idle, activity } = make({ patch: false });
    const i = axiosInterceptors();
    const c = config('users/me', { baseURL: '/api/v2/', method: 'post' });
    expect(i.request(c)).toBe(c);
    expect(activity).toEqual([{ source: 'api', method: 'POST', url: here('/api/v2/users/me') }]);
    idle.logout();
    expect(() => i.request(config('/api/v2/users/me'))).toThrow(TokenLoggedOutError);
  });

  it('response: a 401, as a response or as axios\'s rejection, logs out; other statuses do not', async () => {
    const { idle } = make({ patch: false });
    const i = axiosInterceptors();
    i.response({ status: 200, config: config('/a') });
    await expect(i.error({ config: config('/a'), response: { status: 500 } })).rejects.toBeDefined();
    expect(idle.state).toBe('active');
    const error = { config: config('/a'), response: { status: 401 } };
    await expect(i.error(error)).rejects.toBe(error);
    expect(idle.state).toBe('logged-out');
  });

  it('step aside while the globals are patched (axios goes through the patched XHR): nothing counts twice', () => {
    const { activity } = make();
    void axiosInterceptors().request(config('/api/x'));
    expect(activity).toEqual([]);
  });
});

describe('bearer: the token in every header form fetch and XHR accept', () => {
  it('record (any case), pairs, Headers; other schemes and headers give none; a changed value gives the new token', async () => {
    const { bearer, tokenOf } = await import('../../src/features/requests/bearer');
    expect(bearer({ Authorization: 'Bearer a' })).toBe('a');
    expect(bearer({ 'content-type': 'x', AUTHORIZATION: 'bearer b' })).toBe('b');
    expect(bearer([['x-other', '1'], ['authorization', 'Bearer c']])).toBe('c');
    expect(bearer(new Headers({ Authorization: '  Bearer d' }))).toBe('d');
    expect(bearer({ Authorization: 'Basic e' })).toBeUndefined();
    expect(bearer({ 'x-authorization': 'Bearer f' })).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
    expect([tokenOf('Bearer g'), tokenOf('Bearer g'), tokenOf('Bearer h'), tokenOf(null), tokenOf('Bearer g')]).toEqual(['g', 'g', 'h', undefined, 'g']);
  });
});
