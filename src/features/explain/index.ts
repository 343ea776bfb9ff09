import type { Feature } from '../../types/runtime';
import { chunk, lazy } from '../load';
import type { startRecorder } from './recorder';

/**
 * `idle.explain()`, "why am I still signed in?": the current token's last activity and the endpoints whose requests
 * counted, polling named. Diagnostics, so all of it is lazy: the recorder loads as the instance starts (the requests
 * of its first moments may be missed), the report when asked for; `explain()` returns a Promise.
 */
export const explain: Feature<'explain'> = (rt) => {
  const recorder = lazy<ReturnType<typeof startRecorder>>(rt, () => chunk('recorder').then((m) => () => m.startRecorder(rt)));
  return {
    stop: recorder.stop,
    api: {
      explain() {
        rt.refresh(); // the current token: a new one starts over
        return recorder.ready.then((r) => (r ? r.explain() : { endpoints: [] }));
      },
    },
  };
};
