import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdleLogout } from '../../src/index';
import { useRecordingSandbox } from '../support/sandbox';

// Beside other libraries that wrap fetch and XHR (error trackers, RUM agents), written out here in the shapes the real
// ones use (e2e/wrappers.spec.ts runs the real @sentry/browser and @datadog/browser-rum): every request is counted
// once, and every other wrapper stays in place and keeps seeing requests, through destroy() and re-creation,
// whether it wrapped before or after the SDK, at once or later.

const MIN = 60_000;
const { sandbox, calls } = useRecordingSandbox();
const auth = { Authorization: 'Bearer token-a' };

/** An instance for `token-a`; `counted()` is how many `api` activity events it emitted. */
function make() {
  let n = 0;
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, revoke: false, sync: false });
  idle.on('activity', (e) => void (e.source === 'api' && n++));
  return { idle, counted: () => n };
}

/**
 * Datadog RUM's `instrumentMethod`: replaces `target[name]`; stopping restores it only while still its own,
 * else its wrapper stays and passes calls through.
 */
function instrument<T extends object, K extends keyof T>(target: T, name: K, seen: string[], tag: string) {
  const original = target[name] as (...a: unknown[]) => unknown;
  let stopped = false;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    if (!stopped) seen.push(tag);
    return original.apply(this, args);
  };
  (target as Record<K, unknown>)[name] = wrapper;
  return {
    wrapper,
    stop() {
      if (target[name] === (wrapper as unknown)) (target as Record<K, unknown>)[name] = original;
      else stopped = true;
    },
  };
}

/** Sentry's `fill`: wraps `window.fetch`, reads the response on its way back, never unwraps. */
function sentryFetch(seen: string[]) {
  const original = globalThis.fetch;
  globalThis.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
    seen.push('sentry');
    return original.apply(globalThis, args).then((r) => r);
  } as typeof fetch;
  return globalThis.fetch;
}

/** A wrapper that calls through only after a microtask (it awaits its own set-up first). */
function awaitingFetch(seen: string[]) {
  const original = globalThis.fetch;
  globalThis.fetch = async function (...args: Parameters<typeof fetch>) {
    seen.push('awaiting');
    await null;
    return original(...args);
  } as typeof fetch;
  return globalThis.fetch;
}

/** Runs `fn` in a later task, as a library that loads or initialises asynchronously. */
async function later(fn: () => void) {
  setTimeout(fn);
  await vi.advanceTimersByTimeAsync(1);
}

describe('fetch wrapped by another library after the SDK', () => {
  for (const [name, wrap] of [
    ['at once, calling through synchronously (Sentry)', sentryFetch],
    ['after a timeout, calling through after a microtask', awaitingFetch],
  ] as const)
    it(`${name}: counted once through destroy() and re-creation, their wrapper intact`, async () => {
      const seen: string[] = [];
      const first = make();
      await later(() => void wrap(seen));
      const theirs = globalThis.fetch;
      await fetch('/api/a', { headers: auth });
      expect(first.counted()).toBe(1);
      first.idle.destroy();
      expect(globalThis.fetch).toBe(theirs); // not dropped from under them
      const second = make();
      await fetch('/api/b', { headers: auth });
      await fetch('/api/c', { headers: auth });
      expect(second.counted()).toBe(2);
      expect(seen).toHaveLength(3);
      expect(calls.map((c) => c.url)).toEqual(['/api/a', '/api/b', '/api/c']);
      second.idle.destroy();
      expect(globalThis.fetch).toBe(theirs);
      // Refusal still works through their wrapper after re-creation.
      const third = make();
      third.idle.logout();
      await expect(fetch('/api/d', { headers: auth })).rejects.toMatchObject({ name: 'TokenLoggedOutError' });
      expect(calls).toHaveLength(3);
    });

  it('Datadog-shaped: stopped while under a new instance, its wrapper passes through; counted once', async () => {
    const seen: string[] = [];
    const first = make();
    await later(() => void instrument(globalThis, 'fetch', seen, 'dd'));
    first.idle.destroy();
    const second = make();
    await fetch('/api/a', { headers: auth });
    expect(second.counted()).toBe(1);
    expect(seen).toEqual(['dd']);
  });
});

describe('fetch wrapped by another library before the SDK', () => {
  it('destroy() puts their wrapper back exactly; re-created, counted once', async () => {
    const seen: string[] = [];
    const theirs = sentryFetch(seen);
    const first = make();
    await fetch('/api/a', { headers: auth });
    first.idle.destroy();
    expect(globalThis.fetch).toBe(theirs);
    const second = make();
    await fetch('/api/b', { headers: auth });
    expect([first.counted(), second.counted()]).toEqual([1, 1]);
    expect(seen).toEqual(['sentry', 'sentry']);
  });
});

describe('XMLHttpRequest wrapped by another library', () => {
  const proto = XMLHttpRequest.prototype;
  let native: Pick<XMLHttpRequest, 'open' | 'setRequestHeader' | 'send'>;
  beforeEach(() => {
    native = { open: proto.open, setRequestHeader: proto.setRequestHeader, send: proto.send };
    // No network here: the native send just ends the request.
    proto.send = function (this: XMLHttpRequest) {
      setTimeout(() => this.dispatchEvent(new Event('loadend')));
    };
  });
  afterEach(() => void Object.assign(proto, native));

  async function xhr(url: string) {
    const x = new XMLHttpRequest();
    x.open('GET', url);
    x.setRequestHeader('Authorization', 'Bearer token-a');
    const end = new Promise((r) => x.addEventListener('loadend', r));
    x.send();
    await vi.advanceTimersByTimeAsync(0);
    await end;
  }

  it('open and setRequestHeader wrapped after the SDK (Sentry): kept through destroy(), still called, counted once after re-creation', async () => {
    const seen: string[] = [];
    const first = make();
    const open = instrument(proto, 'open', seen, 'open');
    const header = instrument(proto, 'setRequestHeader', seen, 'header');
    await xhr('/api/a');
    first.idle.destroy();
    expect(proto.open).toBe(open.wrapper);
    expect(proto.setRequestHeader).toBe(header.wrapper);
    const second = make();
    await xhr('/api/b');
    expect([first.counted(), second.counted()]).toEqual([1, 1]);
    second.idle.destroy();
    await xhr('/api/c');
    expect(seen).toEqual(['open', 'header', 'open', 'header', 'open', 'header']);
  });

  it('send wrapped after the SDK (Datadog): kept through destroy(); counted once after re-creation', async () => {
    const seen: string[] = [];
    const first = make();
    const send = instrument(proto, 'send', seen, 'send');
    first.idle.destroy();
    expect(proto.send).toBe(send.wrapper);
    const second = make();
    await xhr('/api/a');
    expect(second.counted()).toBe(1);
    expect(seen).toEqual(['send']);
  });

  it('all three wrapped before the SDK: destroy() puts each back exactly', () => {
    const seen: string[] = [];
    const theirs = (['open', 'setRequestHeader', 'send'] as const).map((m) => instrument(proto, m, seen, m).wrapper);
    const idle: IdleLogout = make().idle;
    expect(proto.open).not.toBe(theirs[0]);
    idle.destroy();
    expect([proto.open, proto.setRequestHeader, proto.send]).toEqual(theirs);
  });
});
