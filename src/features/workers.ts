import type { Feature } from '../types/runtime';
import { hashToken } from '../utils/hash';
import { parseWorkerMessage, WORKER_CHANNEL, type WorkerMessage } from '../worker/protocol';
import { counter } from './requests/index';

/**
 * `workers: true`: requests sent by this origin's dedicated workers (`connectWorker()` from `idle-logout/worker`)
 * count for the token whose hash they carry exactly as the page's own do (the requests feature's `counter`: the same
 * `activity.api` filter, an excluded poll reported as the token used but not activity); a worker's `401` logs out;
 * and when this page logs the token out, workers are told (and a worker started later asks), so they refuse it too.
 */
export const start: Feature = (rt) => {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(WORKER_CHANNEL);
  const count = counter(rt);
  let hash: string | undefined;
  let live = true;

  const tell = () => {
    const s = rt.session();
    // A hash that arrives after `stop()` closed the channel tells nothing (posting would throw).
    if (live && hash && s?.state === 'logged-out') channel.postMessage({ v: 1, type: 'logged-out', hash, reason: s.reason! } satisfies WorkerMessage);
  };
  const rehash = () => {
    hash = undefined;
    const token = rt.token();
    if (token)
      hashToken(token).then(
        (h) => rt.token() === token && ((hash = h), tell()),
        (error) => rt.fail('no-crypto', error),
      );
  };

  channel.onmessage = ({ data }) => {
    const m = parseWorkerMessage(data);
    if (m?.type === 'hello') return tell();
    rt.refresh(); // the current token: a change re-hashes (below) before anything counts for it
    if (!m || !hash || m.hash !== hash) return;
    // The worker already sent it; a refusal (the token logged out) reaches the worker as `logged-out`.
    if (m.type === 'activity') count(m.url, m.method);
    else if (m.type === 'unauthorized') rt.dispatch({ type: 'logout', reason: 'revoked' });
  };
  const off = rt.onChange((s, prev, event) => {
    if (!event || event.type === 'renew') rehash();
    else if (s?.state === 'logged-out' && prev?.state !== 'logged-out') tell();
  });
  rehash();
  return {
    stop() {
      live = false;
      off();
      channel.close();
    },
  };
};
