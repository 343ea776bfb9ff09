import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenLoggedOutError, type IdleLogoutOptions } from '../../src/index';
import { hashToken } from '../../src/utils/hash';
import { connectWorker } from '../../src/worker/index';
import { WORKER_CHANNEL, type WorkerMessage } from '../../src/worker/protocol';
import { useSandbox } from '../support/sandbox';

// Workers and the page's `workers: true` feature, in one process: a BroadcastChannel that delivers to the other
// channels of its name in a microtask (a structured clone, as the real one), so fake timers drive everything.
class Channel {
  static open = new Set<Channel>();
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(readonly name: string) {
    Channel.open.add(this);
  }
  postMessage(data: unknown) {
    for (const c of Channel.open) if (c !== this && c.name === this.name) queueMicrotask(() => c.onmessage?.({ data: structuredClone(data) }));
  }
  close() {
    Channel.open.delete(this);
  }
}
beforeEach(() => vi.stubGlobal('BroadcastChannel', Channel));
afterEach(() => {
  Channel.open.clear();
  vi.unstubAllGlobals();
});

const MIN = 60_000;
const SEC = 1000;
const CLOCK = '/api/v2/tokens/me?preserveIdleTTL=true';
let serverLast: number;

const sandbox = useSandbox(() => {
  serverLast = Date.now();
  return vi.fn(async (input: RequestInfo | URL) => {
    if (String(input) !== CLOCK) return new Response('{}');
    const body = { dateTokenIdles: new Date(serverLast + 10 * MIN).toISOString() };
    return new Response(JSON.stringify(body), { headers: { date: new Date().toUTCString(), 'content-type': 'application/json' } });
  }) as typeof fetch;
});

function page(options: Partial<IdleLogoutOptions> = {}) {
  const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, revoke: false, sync: false, workers: true, ...options });
  const events: string[] = [];
  idle.on('warning', () => events.push('warning'));
  idle.on('logout', (e) => events.push(`logout:${e.reason}`));
  idle.on('activity', (e) => events.push(`activity:${e.url}`));
  return { idle, events };
}

/** What a worker's `connectWorker()` posts for a request it sent with `token-a`. */
async function workerSent(url: string) {
  const hash = await hashToken('token-a');
  const worker = new Channel(WORKER_CHANNEL);
  worker.postMessage({ v: 1, type: 'activity', hash, method: 'GET', url } satisfies WorkerMessage);
  worker.close();
  await vi.advanceTimersByTimeAsync(0);
}

describe("workers: a worker's request counts exactly as the page's own", () => {
  it('an included request is activity, with method and URL; an excluded one is not', async () => {
    const { idle, events } = page({ activity: { api: { exclude: ['/poll'] } } });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(MIN);
    await workerSent('https://app.test/poll/presence');
    expect(idle.remainingMs()).toBe(9 * MIN);
    await workerSent('https://app.test/api/work');
    expect(idle.remainingMs()).toBe(10 * MIN);
    expect(events).toEqual(['activity:https://app.test/api/work']);
  });

  it("with serverClock, a worker's excluded polling (which the server sees) is not adopted as activity", async () => {
    const { idle, events } = page({ serverClock: { url: CLOCK }, activity: { api: { exclude: ['/poll'] } } });
    await vi.dynamicImportSettled();
    for (let t = 0; t < 12 * MIN; t += 10 * SEC) {
      await workerSent('https://app.test/poll/presence');
      serverLast = Date.now(); // the server saw the worker's poll
      await vi.advanceTimersByTimeAsync(10 * SEC);
    }
    expect(events).toEqual(['warning', 'logout:idle']);
    expect(idle.state).toBe('logged-out');
  });

  it("with serverClock, use elsewhere after the worker's last poll is still adopted", async () => {
    const { idle, events } = page({ serverClock: { url: CLOCK }, activity: { api: { exclude: ['/poll'] } } });
    await vi.dynamicImportSettled();
    for (let t = 0; t < 12 * MIN; t += 10 * SEC) {
      await workerSent('https://app.test/poll/presence');
      await vi.advanceTimersByTimeAsync(5 * SEC);
      serverLast = Date.now(); // another device, 5 s after the worker's poll
      await vi.advanceTimersByTimeAsync(5 * SEC);
    }
    expect(events).toEqual([]);
    expect(idle.state).toBe('active');
  });
});

describe('connectWorker: the shared fetch and XHR patches, once', () => {
  const auth = { Authorization: 'Bearer token-a' };
  let posted: WorkerMessage[];
  let page: Channel;
  beforeEach(() => {
    posted = [];
    page = new Channel(WORKER_CHANNEL);
    page.onmessage = ({ data }) => void posted.push(data as WorkerMessage);
  });

  it("reports a fetch with the token's hash (the first request waits for it), and refuses once a page logged it out", async () => {
    const disconnect = connectWorker();
    const hash = await hashToken('token-a');
    await fetch('https://app.test/api/a', { headers: auth });
    await fetch('https://app.test/api/b', { method: 'post', headers: auth });
    await vi.advanceTimersByTimeAsync(0);
    expect(posted).toEqual([
      { v: 1, type: 'hello' },
      { v: 1, type: 'activity', hash, method: 'GET', url: 'https://app.test/api/a' },
      { v: 1, type: 'activity', hash, method: 'POST', url: 'https://app.test/api/b' },
    ]);
    page.postMessage({ v: 1, type: 'logged-out', hash, reason: 'idle' } satisfies WorkerMessage);
    await vi.advanceTimersByTimeAsync(0);
    await expect(fetch('https://app.test/api/c', { headers: auth })).rejects.toBeInstanceOf(TokenLoggedOutError);
    disconnect();
  });

  it('holds an XHR until its token is hashed, reports it once, and disconnect restores open, setRequestHeader and send', async () => {
    const proto = XMLHttpRequest.prototype;
    const before = { open: proto.open, setRequestHeader: proto.setRequestHeader, send: proto.send };
    const sent: string[] = [];
    // The native send under the patch: no network here, the request just ends.
    proto.send = function (this: XMLHttpRequest) {
      sent.push('sent');
      setTimeout(() => this.dispatchEvent(new Event('loadend')));
    };
    const native = { open: proto.open, setRequestHeader: proto.setRequestHeader, send: proto.send };
    const disconnect = connectWorker();
    const patched = { open: proto.open, setRequestHeader: proto.setRequestHeader, send: proto.send };
    const xhr = new XMLHttpRequest();
    xhr.open('GET', 'https://app.test/api/x');
    xhr.setRequestHeader('Authorization', 'Bearer token-a');
    xhr.send();
    expect(sent).toEqual([]); // held until the token's hash is known
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toEqual(['sent']);
    expect(posted.filter((m) => m.type === 'activity')).toEqual([{ v: 1, type: 'activity', hash: await hashToken('token-a'), method: 'GET', url: 'https://app.test/api/x' }]);
    disconnect();
    expect({ open: proto.open, setRequestHeader: proto.setRequestHeader, send: proto.send }).toEqual(native);
    expect(patched.send).not.toBe(native.send);
    Object.assign(proto, before);
  });
});
