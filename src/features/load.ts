import type { Feature, FeatureInstance, Runtime } from '../types/runtime';
import type { Session } from '../types/session';
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
 * The returned instance offers the chunk's hooks once it runs.
 */
export function lazy<I extends FeatureInstance>(rt: Runtime, load: () => Promise<() => I | void>): Lazy<I> {
  let instance: I | undefined;
  let stopped = false;
  // A chunk that failed to load, or threw as it started: reported, never an unhandled rejection.
  const ready = load()
    .then((start) => (stopped ? undefined : (instance = start() || undefined)))
    .catch((error) => void rt.fail('load', error));
  return {
    ready,
    current: () => instance,
    stop() {
      stopped = true;
      instance?.stop();
      instance = undefined;
    },
    // The shell asks `hooks` each time it composes them: the chunk's own, once it runs (every hook, forwarded as is).
    get hooks() {
      return instance?.hooks;
    },
  };
}

/** What a feature's eager part captures at each session change while its chunk loads (see `chunkFeature`). */
export type Early = (rt: Runtime, session: Session | undefined, prev: Session | undefined) => unknown;

/**
 * A feature that is entirely a chunk, loaded only when `when(options)` holds. The chunk exports `start(rt, seen)`.
 * With `early`, what it returns at each session change before the chunk runs (called then, in list order, so before
 * the app's `logout` handlers) is handed to `start` in order: what the chunk needs of those moments, read in time.
 */
export const lazyFeature =
  (when: (options: Runtime['options']) => unknown, load: () => Promise<{ start(rt: Runtime, seen?: unknown[]): unknown }>, early?: Early): Feature =>
  (rt) => {
    if (!when(rt.options)) return;
    let seen: unknown[] | undefined = [];
    // The session starts after every feature did (no change to see before this), and the chunk gets `seen` once.
    if (early) rt.onChange((s, p) => seen?.push(early(rt, s, p)));
    return lazy(rt, () =>
      load().then((m) => () => {
        const s = seen;
        seen = undefined;
        return m.start(rt, s) as FeatureInstance | void;
      }),
    );
  };

type Chunks = typeof CHUNKS;
/** A lazy chunk by its name in `chunks.ts`. */
export const chunk = <K extends keyof Chunks>(name: K): ReturnType<Chunks[K]> =>
  import('./chunks').then((m) => m.CHUNKS[name]() as Promise<unknown>) as ReturnType<Chunks[K]>;

/** The features in `chunks.ts` (each exports `start: Feature`). */
type FeatureChunk = { [K in keyof Chunks]: Awaited<ReturnType<Chunks[K]>> extends { start: Feature } ? K : never }[keyof Chunks];

/**
 * `lazyFeature` of a chunk in `chunks.ts`, loaded when `when(options)` holds: by default, when the option it is named
 * after is set; `early` as there.
 */
export const chunkFeature = (name: FeatureChunk, when: (options: Runtime['options']) => unknown = (o) => o[name as keyof typeof o], early?: Early): Feature =>
  lazyFeature(when, () => chunk(name), early);
