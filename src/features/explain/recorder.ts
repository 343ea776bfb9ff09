import type { Explanation, LastActivity } from '../../types/explain';
import type { FeatureInstance, Runtime } from '../../types/runtime';
import type { endpoints, Hits } from './report';

/** Counted requests folded at once into the per-endpoint summary. */
const BATCH = 256;
/** Batches kept while the summary's chunk loads (4096 requests); beyond them the oldest batch goes. */
const WAITING = 16 * BATCH;

/**
 * What `explain()` needs, recorded from the start: the current token's last activity and the requests that counted.
 * The hot path only writes (method, URL, time) into one flat array; grouping, id collapsing and polling detection
 * live in `report.ts`, loaded when the first batch is full or `explain()` is called. From then on a full batch folds
 * at once and is written over: no request allocates, and memory stays bounded.
 */
export function startRecorder(rt: Runtime): FeatureInstance & { explain(): Promise<Explanation> } {
  let hits: Hits = { calls: [], times: [] };
  /** The requests not folded yet: from `start` up to `end`, where the next one is written. */
  let start = 0;
  let end = 0;
  // The last activity as it came, and when: the object `explain()` returns is built then, not on every request.
  let last: Omit<LastActivity, 'at'> | undefined;
  let lastAt = 0;
  let summary: Promise<ReturnType<typeof endpoints>> | undefined;
  /** The current token's summary once its chunk has loaded. */
  let folded: ReturnType<typeof endpoints> | undefined;

  const drain = (s: ReturnType<typeof endpoints>) => (s.add(hits, start, end), (start = end), s);
  function fold() {
    const mine = (summary ??= import('./report').then((m) => m.endpoints()));
    // A token change while the chunk loads starts over: the old token's hits never reach the new summary.
    return mine.then((s) => (mine === summary ? drain((folded = s)) : s));
  }

  const off = [
    rt.on('activity', (e) => {
      last = e;
      // The wall clock: the monotonic one (rt.now) costs more per request than the rest of the recording.
      lastAt = Date.now();
      if (!e.url) return;
      hits.calls[2 * end] = e.method!;
      hits.calls[2 * end + 1] = e.url;
      hits.times[end++] = lastAt;
      if (end % BATCH) return;
      if (folded) drain(folded), (start = end = 0);
      else {
        fold().catch((error) => rt.fail('load', error));
        // Should the chunk not load (yet), the oldest batch goes: memory stays bounded.
        if (end > WAITING) hits.calls.splice(0, 2 * BATCH), hits.times.splice(0, BATCH), (end -= BATCH);
      }
    }),
    rt.onChange((_s, _prev, event) => {
      if (!event) (hits = { calls: [], times: [] }), (start = end = 0), (last = summary = folded = undefined);
    }),
  ];

  return {
    stop: () => off.forEach((f) => f()),
    explain: () => fold().then((s) => ({ last: last && { ...last, at: lastAt }, endpoints: s.report() })),
  };
}
