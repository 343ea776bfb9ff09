import { describe, expect, it, vi } from 'vitest';
import { CHUNKS } from '../../src/features/chunks';
import { chunkFeature, type Lazy, lazy, lazyFeature } from '../../src/features/load';
import type { FeatureInstance, Runtime } from '../../src/types/runtime';

// The chunk table with one chunk, so a test sees whether (and how often) chunkFeature loads it.
const { keepaliveStop } = vi.hoisted(() => ({ keepaliveStop: vi.fn() }));
vi.mock('../../src/features/chunks', () => ({ CHUNKS: { keepalive: vi.fn(async () => ({ start: () => ({ stop: keepaliveStop }) })) } }));

function runtime(options = {}) {
  const fail = vi.fn();
  return { rt: { options, fail } as unknown as Runtime, fail };
}

describe('the one lazy loader', () => {
  it('loads once and starts the chunk with the runtime; its hooks are forwarded once it runs', async () => {
    const { rt } = runtime();
    const start = vi.fn((): FeatureInstance => ({ stop: vi.fn(), hooks: { acts: () => false } }));
    const load = vi.fn(async () => start);
    const part = lazy(rt, load);
    expect(part.hooks!.acts!()).toBeUndefined();
    await part.ready;
    expect(load).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledTimes(1);
    expect(part.hooks!.acts!()).toBe(false);
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
});
