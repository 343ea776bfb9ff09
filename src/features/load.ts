import type { Feature, FeatureInstance, Runtime } from '../types/runtime';
import type { CHUNKS } from './chunks';

/** A feature whose work lives in a chunk: `ready` settles when it started (undefined if it never will). */
export interface Lazy<I extends FeatureInstance> extends FeatureInstance {
  ready: Promise<I | undefined>;
  current(): I | undefined;
}

/**
 * The one lazy loader. Optional, heavier parts (tab sync's transport, the dialog, frames, memory) live in chunks
 * that the ESM build loads with `import()` (the script-tag build inlines them), so apps pay only for what they use.
 * Loads once; starts the chunk with the runtime as it is then; if the instance is stopped before the chunk
 * arrives, it is never started; a failed load is reported once (`load`) and the rest of the SDK carries on.
 * The returned instance forwards the chunk's hooks once it runs.
 */
export function lazy<I extends FeatureInstance>(rt: Runtime, load: () => Promise<() => I | void>): Lazy<I> {
  let instance: I | undefined;
  let stopped = false;
  const ready = load().then(
    (start) => (stopped ? undefined : (instance = start() || undefined)),
    (error) => void rt.fail('load', error),
  );
  return {
    ready,
    current: () => instance,
    stop() {
      stopped = true;
      instance?.stop();
      instance = undefined;
    },
    hooks: {
      acts: () => instance?.hooks?.acts?.(),
      confirmIdle: (s) => instance?.hooks?.confirmIdle?.(s),
      lead: () => instance?.hooks?.lead?.(),
    },
  };
}

/** A feature that is entirely a chunk, loaded only when `when(options)` holds. The chunk exports `start: Feature`. */
export const lazyFeature =
  (when: (options: Runtime['options']) => unknown, load: () => Promise<{ start: Feature }>): Feature =>
  (rt) =>
    when(rt.options) ? lazy(rt, () => load().then((m) => () => m.start(rt))) : undefined;

type Chunks = typeof CHUNKS;
/** A lazy chunk by its name in `chunks.ts`. */
export const chunk = <K extends keyof Chunks>(name: K): ReturnType<Chunks[K]> =>
  import('./chunks').then((m) => m.CHUNKS[name]() as Promise<unknown>) as ReturnType<Chunks[K]>;

/** The features in `chunks.ts` (each exports `start: Feature`). */
type FeatureChunk = { [K in keyof Chunks]: Awaited<ReturnType<Chunks[K]>> extends { start: Feature } ? K : never }[keyof Chunks];

/** `lazyFeature` of a chunk in `chunks.ts`, loaded when `when(options)` holds: by default, when the option it is named after is set. */
export const chunkFeature = (name: FeatureChunk, when: (options: Runtime['options']) => unknown = (o) => o[name as keyof typeof o]): Feature =>
  lazyFeature(when, () => chunk(name));
