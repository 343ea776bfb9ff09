import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packageElection } from '../../src/features/sync/fallback';
import { link, type Link } from '../../src/features/sync/link';

// Tab sync's link to the other tabs (src/features/sync/link.ts, fallback.ts) on the test DOM's BroadcastChannel
// and Web Locks: what a hostile script of the origin posts on the token's channel reaches nothing that can throw,
// the election is a Web Lock held until the link closes, and the package's election (where locks are refused)
// survives the same garbage. Real time: messages cross a real channel.

const HASH = 'c'.repeat(64);
const NAME = 'idle-logout:' + HASH;
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
const GARBAGE: unknown[] = [
  null, undefined, {}, [], '', 'x', 42, NaN, true, { type: 'constructor' }, { type: '__proto__' }, { type: 'toString' }, { type: null },
  { type: 'message' }, { type: 'message', time: 1, data: null }, { type: 'internal', time: 1, data: null }, { type: 'internal', time: 1, data: 'x' },
  { type: 'internal', data: {} }, { type: 'internal', time: 'soon', data: {} }, { type: 'internal', time: 1 },
];
function postGarbage() {
  const c = new BroadcastChannel(NAME);
  for (const g of GARBAGE) c.postMessage(g);
  c.close();
}

/**
 * Web Locks as the browser gives them, for what the link uses (the test DOM has none): exclusive, granted in
 * order, held until the callback's promise settles, a waiting request dropped when its signal aborts.
 */
function fakeLocks() {
  const held = new Set<string>();
  const waiting: Array<{ name: string; grant(): void }> = [];
  const next = () => {
    const i = waiting.findIndex((w) => !held.has(w.name));
    if (i >= 0) waiting.splice(i, 1)[0].grant();
  };
  return {
    request(name: string, { signal }: { signal?: AbortSignal }, callback: (lock: { name: string }) => unknown) {
      return new Promise((resolve, reject) => {
        const w = {
          name,
          grant() {
            held.add(name);
            Promise.resolve(callback({ name }))
              .then(resolve, reject)
              .finally(() => (held.delete(name), next()));
          },
        };
        signal?.addEventListener('abort', () => {
          const i = waiting.indexOf(w);
          if (i >= 0) waiting.splice(i, 1), reject(new DOMException('aborted', 'AbortError'));
        });
        waiting.push(w);
        next();
      });
    },
    query: async () => ({ held: [...held].map((name) => ({ name })), pending: waiting.map(({ name }) => ({ name })) }),
  };
}

const open: Array<{ close(): void }> = [];
beforeEach(() => void Object.defineProperty(navigator, 'locks', { value: fakeLocks(), configurable: true }));
afterEach(() => open.splice(0).forEach((l) => l.close()));
const join = (...args: Parameters<typeof link>): Link => {
  const l = link(...args);
  open.push(l);
  return l;
};

/** Errors thrown into the "page" meanwhile (listeners, timers, rejections). */
async function thrown(f: () => Promise<void>): Promise<unknown[]> {
  const errors: unknown[] = [];
  const on = (e: unknown) => errors.push(e);
  process.on('uncaughtException', on);
  process.on('unhandledRejection', on);
  addEventListener('error', on);
  try {
    await f();
  } finally {
    process.off('uncaughtException', on);
    process.off('unhandledRejection', on);
    removeEventListener('error', on);
  }
  return errors;
}

describe('tab sync link', () => {
  it('hands on only what arrives in the envelope, and garbage throws nothing', async () => {
    const heard: unknown[] = [];
    const a = join(HASH, (x) => heard.push(x), () => {}, () => {});
    const b = join(HASH, () => {}, () => {}, () => {});
    const errors = await thrown(async () => {
      postGarbage();
      b.post({ v: 2, hello: 1 });
      await tick(50);
    });
    expect(errors).toEqual([]);
    // The envelope's data, as sent; of the garbage only what came in a `message` envelope (the receiver drops it).
    expect(heard).toEqual([undefined, null, { v: 2, hello: 1 }]);
    void a;
  });

  it('elects one page with a Web Lock, held until its link closes; then the next one is elected', async () => {
    const led: string[] = [];
    const a = join(HASH, () => {}, () => led.push('a'), () => {});
    await tick();
    const b = join(HASH, () => {}, () => led.push('b'), () => {});
    await tick();
    expect(led).toEqual(['a']);
    const locks = await navigator.locks.query();
    expect(locks.held?.map((l) => l.name)).toEqual(['idle-logout:lead:' + HASH]);
    a.close();
    await tick();
    expect(led).toEqual(['a', 'b']);
    b.close();
    await tick();
    expect((await navigator.locks.query()).held).toEqual([]);
  });

  it('a page that leaves while waiting is never elected', async () => {
    const led: string[] = [];
    const a = join(HASH, () => {}, () => led.push('a'), () => {});
    await tick();
    const b = join(HASH, () => {}, () => led.push('b'), () => {});
    b.close();
    a.close();
    await tick();
    expect(led).toEqual(['a']);
    expect((await navigator.locks.query()).pending).toEqual([]);
  });

  it('where Web Locks are refused, falls back to the package election, which garbage on the channel does not break', async () => {
    const refuse = vi.spyOn(navigator.locks, 'request').mockImplementation(() => Promise.reject(new DOMException('refused', 'SecurityError')));
    const led: string[] = [];
    const failed: unknown[] = [];
    const errors = await thrown(async () => {
      join(HASH, () => {}, () => led.push('a'), (e) => failed.push(e));
      await tick(100);
      postGarbage();
      await vi.waitFor(() => expect(led).toEqual(['a']), { timeout: 5000 });
      postGarbage();
      await tick(100);
    });
    refuse.mockRestore();
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  });

  it("the package's election, on its own: garbage posted while it elects throws nothing", async () => {
    const led: string[] = [];
    const errors = await thrown(async () => {
      const leave = packageElection(NAME, () => led.push('x'), (e) => led.push(String(e)));
      open.push({ close: leave });
      for (let i = 0; i < 10; i++) {
        postGarbage();
        await tick(10);
      }
      await vi.waitFor(() => expect(led).toEqual(['x']), { timeout: 5000 });
    });
    expect(errors).toEqual([]);
  });
});

describe('a refused BroadcastChannel (Firefox: a cross-site frame with third-party storage blocked)', () => {
  it('the link throws nothing and reports the refusal after it returns, so the page acts alone', async () => {
    const Native = globalThis.BroadcastChannel;
    globalThis.BroadcastChannel = class {
      constructor() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      }
    } as unknown as typeof BroadcastChannel;
    const failures: unknown[] = [];
    try {
      let l: Link | undefined;
      expect(() => (l = link(HASH, () => {}, () => {}, (e) => failures.push(e)))).not.toThrow();
      // Not yet: the caller has the link in hand before it hears of the failure.
      expect(failures).toHaveLength(0);
      await tick();
      expect(failures[0]).toBeInstanceOf(DOMException);
      expect(() => l!.post({})).not.toThrow();
      l!.close();
    } finally {
      globalThis.BroadcastChannel = Native;
    }
  });
});
