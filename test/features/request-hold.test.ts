import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWith } from '../../src/create-idle-logout';
import { FEATURES } from '../../src/features/index';
import { axiosInterceptors, TokenLoggedOutError, wrapFetch, type IdleLogout } from '../../src/index';
import type { Feature } from '../../src/types/runtime';
import { useRecordingSandbox } from '../support/sandbox';

// The start-up hold: while a feature's `ready` hook is pending (tab sync has not read the shared record yet), a
// request with the token waits, then is judged: counted and sent if the session is live, refused (never sent) if it
// was logged out meanwhile. The hook here is a fake feature whose promise the test settles.

const MIN = 60_000;
const { calls } = useRecordingSandbox();
const auth = { Authorization: 'Bearer token-a' };
const instances: IdleLogout[] = [];
afterEach(() => instances.splice(0).forEach((i) => i.destroy()));

/** An instance with every feature plus one whose `ready` is pending until `settle()`. */
function make(options: { patch?: boolean } = {}) {
  let settle!: () => void;
  let pending: Promise<void> | undefined = new Promise<void>((r) => (settle = r)).then(() => void (pending = undefined));
  let asked = 0;
  const gate: Feature = () => ({ stop() {}, hooks: { ready: () => (asked++, pending) } });
  const idle = createWith({ getToken: () => 'token-a', timeoutMs: 10 * MIN, revoke: false, sync: false, ...options }, [...FEATURES, gate]);
  instances.push(idle);
  const activity: string[] = [];
  idle.on('activity', (e) => void (e.url && activity.push(e.url)));
  return { idle, activity, settle: () => (settle(), vi.advanceTimersByTimeAsync(0)), asked: () => asked };
}

describe('a request with the token while a feature is not ready', () => {
  it('fetch waits, then is counted and sent', async () => {
    const { activity, settle } = make();
    const response = fetch('/api/a', { headers: auth });
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toEqual([]);
    expect(activity).toEqual([]);
    await settle();
    expect((await response).status).toBe(200);
    expect(calls.map((c) => c.url)).toEqual(['/api/a']);
    expect(activity).toEqual([new URL('/api/a', location.href).href]);
  });

  it('fetch: logged out meanwhile, it is refused with TokenLoggedOutError and never sent', async () => {
    const { idle, settle } = make();
    const response = fetch('/api/a', { headers: auth });
    const refused = expect(response).rejects.toBeInstanceOf(TokenLoggedOutError);
    idle.logout();
    await settle();
    await refused;
    expect(calls).toEqual([]);
  });

  it('wrapFetch (patch: false) holds the same way', async () => {
    const { idle, settle } = make({ patch: false });
    const response = wrapFetch(fetch)('/api/a', { headers: auth });
    const refused = expect(response).rejects.toBeInstanceOf(TokenLoggedOutError);
    idle.logout();
    await settle();
    await refused;
    expect(calls).toEqual([]);
  });

  it('XHR waits for send, then goes; logged out meanwhile, it fails as a network error and is never sent', async () => {
    const proto = XMLHttpRequest.prototype;
    const native = proto.send;
    const sent: string[] = [];
    proto.send = function (this: XMLHttpRequest) {
      sent.push('sent');
      setTimeout(() => this.dispatchEvent(new Event('loadend')));
    };
    try {
      const { idle, settle } = make();
      const open = (url: string) => {
        const x = new XMLHttpRequest();
        x.open('GET', url);
        x.setRequestHeader('Authorization', 'Bearer token-a');
        const error = new Promise<unknown>((r) => x.addEventListener('error', (e) => r((e as unknown as { error: unknown }).error)));
        x.send();
        return error;
      };
      void open('/api/a');
      await vi.advanceTimersByTimeAsync(50);
      expect(sent).toEqual([]);
      await settle();
      expect(sent).toEqual(['sent']);
      idle.destroy();

      const second = make();
      const error = open('/api/b');
      second.idle.logout();
      await second.settle();
      expect(await error).toBeInstanceOf(TokenLoggedOutError);
      expect(sent).toEqual(['sent']);
    } finally {
      proto.send = native;
    }
  });

  it('axios interceptor (patch: false) returns a promise while held, then the config or the refusal', async () => {
    const { idle, settle } = make({ patch: false });
    const i = axiosInterceptors();
    const config = { url: '/api/a', method: 'get', headers: auth };
    const held = i.request(config);
    expect(held).toBeInstanceOf(Promise);
    await settle();
    await expect(held).resolves.toBe(config);
    idle.logout();
    expect(() => i.request(config)).toThrow(TokenLoggedOutError);
  });

  it('once nothing is pending, a request goes at once (the hook is asked, nothing waits)', async () => {
    const { settle, asked } = make();
    await settle();
    const before = asked();
    void fetch('/api/a', { headers: auth });
    expect(calls.map((c) => c.url)).toEqual(['/api/a']);
    expect(asked()).toBe(before + 1);
  });

  it('a request without the token, or with another one, is never held', () => {
    make();
    void fetch('/api/public');
    void fetch('/api/other', { headers: { Authorization: 'Bearer someone-else' } });
    expect(calls.map((c) => c.url)).toEqual(['/api/public', '/api/other']);
  });
});
