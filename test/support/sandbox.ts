import { afterEach, beforeEach, vi } from 'vitest';
import { createIdleLogout, type IdleLogout, type IdleLogoutOptions } from '../../src/index';

export interface Call {
  url: string;
  method: string;
  auth: string | null;
}

/**
 * Every SDK unit test runs on fake timers (from a fixed wall-clock time) above a fake network: the SDK wraps
 * whatever `fetch` the page has. Instances made with `create` are destroyed after each test, and fetch restored.
 */
export function useSandbox(network: () => typeof fetch) {
  const instances: IdleLogout[] = [];
  const original = globalThis.fetch;
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    globalThis.fetch = network();
  });
  afterEach(() => {
    instances.splice(0).forEach((i) => i.destroy());
    globalThis.fetch = original;
    vi.useRealTimers();
  });
  return {
    create(options: IdleLogoutOptions): IdleLogout {
      const idle = createIdleLogout(options);
      instances.push(idle);
      return idle;
    },
  };
}

/** A network that records every request and answers `status()` with an empty JSON body. */
export function recordingNetwork(calls: Call[], status: () => number): typeof fetch {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    calls.push({ url: String(input instanceof Request ? input.url : input), method: init?.method ?? 'GET', auth: headers.get('authorization') });
    return new Response('{}', { status: status() });
  }) as typeof fetch;
}

/**
 * The usual setup: a sandbox over a recording network. Before each test `net.calls` is emptied and `net.status`
 * (what every request is answered with) goes back to 200.
 */
export function useRecordingSandbox() {
  const net = { calls: [] as Call[], status: 200 };
  const sandbox = useSandbox(() => {
    net.calls.length = 0;
    net.status = 200;
    return recordingNetwork(net.calls, () => net.status);
  });
  return { sandbox, net, calls: net.calls };
}
