import type { Explanation, LastActivity } from '../../types/explain';
import type { Feature } from '../../types/runtime';
import type { endpoints, Hit } from './report';

/** Counted requests kept raw before they are folded into the per-endpoint summary (which loads then, lazily). */
const BATCH = 256;

/**
 * `idle.explain()`, "why am I still signed in?": the current token's last activity and the endpoints whose
 * requests counted. The hot path only stores (method, URL, time); grouping, id collapsing and polling detection
 * live in a chunk loaded when a batch is full or `explain()` is called, which is why it returns a Promise.
 */
export const explain: Feature = (rt) => {
  let hits: Hit[] = [];
  let last: LastActivity | undefined;
  let summary: Promise<ReturnType<typeof endpoints>> | undefined;

  function fold() {
    const mine = (summary ??= import('./report').then((m) => m.endpoints()));
    // A token change while the chunk loads starts over: the old token's hits never reach the new summary.
    return mine.then((s) => (mine == summary && s.add(hits.splice(0)), s));
  }

  const off = [
    rt.on('activity', (e) => {
      last = { ...e, at: rt.now() };
      // A batch is full: fold it. Should the chunk never load, the oldest batch goes: memory stays bounded.
      if (e.url && hits.push([e.method!, e.url, last.at]) % BATCH == 0)
        fold().catch((error) => (rt.fail('load', error), hits.splice(0, BATCH)));
    }),
    rt.onChange((_s, _prev, event) => {
      if (!event) (hits = []), (last = summary = undefined);
    }),
  ];

  return {
    stop: () => off.forEach((f) => f()),
    api: {
      explain(): Promise<Explanation> {
        rt.session(); // the current token: a new one starts over
        return fold().then((s) => ({ last, endpoints: s.report() }));
      },
    },
  };
};
