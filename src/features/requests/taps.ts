import { patchFetch } from './fetch';
import type { Tap, Verdict } from './tap';
import { patchXhr } from './xhr';

/**
 * Every idle-logout instance in the page is a tap on one shared interception: each claims its own
 * token. Patching once keeps fetch/XHR from being wrapped once per instance. `wrapFetch` and the axios
 * interceptors go through the same taps, so they behave exactly like the patched globals.
 */

/** Every request with a bearer token is offered to each in turn: an array, walked by index (no iterator per request). */
const taps: Tap[] = [];
/** The taps that asked for the globals to be patched (`patch` not `false`). */
const patching = new Set<Tap>();
let unpatch: (() => void) | undefined;

/** The first tap's answer that is not "let it leave": a refusal, or a hold. */
export function beforeSend(token: string, url: string, method: string): Verdict {
  for (let i = 0; i < taps.length; i++) {
    const verdict = taps[i].send(token, url, method);
    if (verdict !== undefined) return verdict;
  }
}

export function afterResponse(token: string, status: number): void {
  taps.forEach((tap) => tap.done(token, status));
}

/** All taps as one. */
export const everyTap: Tap = { send: beforeSend, done: afterResponse };

/** Whether fetch and XHR are patched now: requests through them are seen without help. */
export const patched = () => !!unpatch;

/** Adds a tap; the first one with `patch` patches fetch and XHR, the last one removed restores them. */
export function intercept(tap: Tap, patch = true): () => void {
  taps.push(tap);
  if (patch) patching.add(tap);
  if (patch && !unpatch) {
    const undo = [patchFetch(everyTap), patchXhr(everyTap)];
    unpatch = () => undo.forEach((u) => u());
  }
  return () => {
    // Once: an undo called twice does not remove another instance's tap.
    const i = taps.indexOf(tap);
    if (i >= 0) taps.splice(i, 1);
    patching.delete(tap);
    if (!patching.size && unpatch) {
      unpatch();
      unpatch = undefined;
    }
  };
}
