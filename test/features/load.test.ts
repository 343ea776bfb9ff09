import { describe, expect, it, vi } from 'vitest';
import { CHUNKS } from '../../src/features/chunks';
import { chunkFeature, type Lazy, lazy, lazyFeature } from '../../src/features/load';
import type { FeatureInstance, Runtime, Watcher } from '../../src/types/runtime';
import type { Session } from '../../src/types/session';

// The chunk table with one chunk, so a test sees whether (and how often) chunkFeature loads it.
const { keepaliveStop } = vi.hoisted(() => ({ keepaliveStop: vi.fn() }));
vi.mock('../../src/features/chunks', () => ({ CHUNKS: { keepalive: vi.fn(async () => ({ start: () => ({ stop: keepaliveStop }) })) } }));

function runtime(options = {}) {
  const fail = vi.fn();
  return { rt: { options, fail } as unknown as Runtime, fail };
}

describe('the one lazy loader', () => {
  it('loads once and starts the chunk with the runtime; its hooks are offered once it runs, and none after it stopped', async () => {
    const { rt } = runtime();
    const start = vi.fn((): FeatureInstance => ({ stop: vi.fn(), hooks: { acts: () => false } }));
    const load = vi.fn(async () => start);
    const part = lazy(rt, load);
    expect(part.hooks).toBeUndefined(); // no opinion until it runs
    await part.ready;
    expect(load).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledTimes(1);
    expect(part.hooks!.acts!()).toBe(false);
    part.stop();
    expect(part.hooks).toBeUndefined();
  });

  it('an instance stopped before the chunk arrives never starts it', async () => {
    const { rt } = runtime();
    const start = vi.fn(() => ({ stop: vi.fn() }));
    const part = lazy(rt, async () => start);
    part.stop();
    expect(await part.ready).toBeUndefined();
    expect(start).not.toHaveBeenCalled();
  });

  it('stops the started chunk', async () => {
    const { rt } = runtime();
    const stop = vi.fn();
    const part = lazy(rt, async () => () => ({ stop }));
    await part.ready;
    part.stop();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(part.current()).toBeUndefined();
  });

  it('a failed load is reported as `load` and the rest carries on', async () => {
    const { rt, fail } = runtime();
    const error = new Error('chunk 404');
    const part = lazy(rt, () => Promise.reject(error));
    expect(await part.ready).toBeUndefined();
    expect(fail).toHaveBeenCalledWith('load', error);
    expect(() => part.stop()).not.toThrow();
  });

  it('a chunk that throws as it starts is reported as `load`, not left as an unhandled rejection', async () => {
    const { rt, fail } = runtime();
    const error = new Error('start bug');
    const part = lazy(rt, async () => () => {
      throw error;
    });
    expect(await part.ready).toBeUndefined();
    expect(fail).toHaveBeenCalledWith('load', error);
    expect(part.current()).toBeUndefined();
  });

  it('lazyFeature loads nothing when its option is not set', () => {
    const { rt } = runtime({ keepalive: undefined });
    const load = vi.fn();
    expect(lazyFeature((o) => o.keepalive, load)(rt)).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });

  it('chunkFeature loads nothing when the option it is named after is not set, and its chunk once when it is', async () => {
    expect(chunkFeature('keepalive')(runtime({ keepalive: undefined }).rt)).toBeUndefined();
    expect(CHUNKS.keepalive).not.toHaveBeenCalled();
    const part = chunkFeature('keepalive')(runtime({ keepalive: { url: '/keepalive' } }).rt) as Lazy<FeatureInstance>;
    await part.ready;
    expect(CHUNKS.keepalive).toHaveBeenCalledTimes(1);
    part.stop();
    expect(keepaliveStop).toHaveBeenCalledTimes(1);
  });

  it("lazyFeature's `early` runs at each session change before the chunk starts, and the chunk gets what it returned, in order", async () => {
    const watchers: Watcher[] = [];
    const rt = { options: {}, onChange: (fn: Watcher) => (watchers.push(fn), () => {}) } as unknown as Runtime;
    const a = { state: 'active' } as Session;
    const out = { state: 'logged-out' } as Session;
    const start = vi.fn(() => ({ stop() {} }));
    let arrive!: () => void;
    const loaded = new Promise<{ start: typeof start }>((resolve) => (arrive = () => resolve({ start })));
    const part = lazyFeature(Boolean, () => loaded, (_, s, p) => [p?.state, s?.state])(rt) as Lazy<FeatureInstance>;
    for (const [s, p] of [[a, undefined], [out, a]] as const) for (const w of watchers) w(s, p);
    arrive();
    await part.ready;
    expect(start).toHaveBeenCalledWith(rt, [
      [undefined, 'active'],
      ['active', 'logged-out'],
    ]);
    // Once the chunk runs, it watches for itself: nothing more is captured for it.
    for (const w of watchers) w(a, out);
    expect(start.mock.calls[0]).toHaveLength(2);
    expect((start.mock.calls[0] as unknown[])[1]).toHaveLength(2);
  });
});
