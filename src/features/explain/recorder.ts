import type { Explanation, LastActivity } from '../../types/explain';
import type { FeatureInstance, Runtime } from '../../types/runtime';
import type { endpoints, Hits } from './report';

/** Counted requests kept raw before they are folded into the per-endpoint summary (which loads then, lazily): 256, three entries each. */
const BATCH = 3 * 256;

/**
 * What `explain()` needs, recorded from the start: the current token's last activity and the requests that counted.
 * The hot path only stores (method, URL, time); grouping, id collapsing and polling detection live in `report.ts`,
 * loaded when a batch is full or `explain()` is called.
 */
export function startRecorder(rt: Runtime): FeatureInstance & { explain(): Promise<Explanation> } {
  let hits: Hits = [];
  // The last activity as it came, and when: the object `explain()` returns is built then, not on every request.
  let last: Omit<LastActivity, 'at'> | undefined;
  let lastAt = 0;
  let summary: Promise<ReturnType<typeof endpoints>> | undefined;

  function fold() {
    const mine = (summary ??= import('./report').then((m) => m.endpoints()));
    // A token change while the chunk loads starts over: the old token's hits never reach the new summary.
    return mine.then((s) => (mine === summary && s.add(hits.splice(0)), s));
  }

  const off = [
    rt.on('activity', (e) => {
      last = e;
      // The wall clock: the monotonic one (rt.now) costs more per request than the rest of the recording.
      lastAt = Date.now();
      // A batch is full: fold it. Should the chunk never load, the oldest batch goes: memory stays bounded.
      if (e.url && hits.push(e.method!, e.url, lastAt) % BATCH === 0)
        fold().catch((error) => (rt.fail('load', error), hits.splice(0, BATCH)));
    }),
    rt.onChange((_s, _prev, event) => {
      if (!event) (hits = []), (last = summary = undefined);
    }),
  ];

  return {
    stop: () => off.forEach((f) => f()),
    explain: () => fold().then((s) => ({ last: last && { ...last, at: lastAt }, endpoints: s.report() })),
  };
}
