import { patchFetch } from './fetch';
import type { Tap } from './tap';
import { patchXhr } from './xhr';

/**
 * Every idle-logout instance in the page is a tap on one shared interception: each claims its own
 * token. Patching once keeps fetch/XHR from being wrapped once per instance.
 */

const taps = new Set<Tap>();
let unpatch: (() => void) | undefined;

export function beforeSend(token: string, url: string): Error | undefined {
  for (const tap of taps) {
    const refusal = tap.send(token, url);
    if (refusal) return refusal;
  }
}

export function afterResponse(token: string, status: number): void {
  taps.forEach((tap) => tap.done(token, status));
}

/** Adds a tap; the first one patches fetch and XHR, the last one removed restores them. */
export function intercept(tap: Tap): () => void {
  taps.add(tap);
  if (!unpatch) {
    const all: Tap = { send: beforeSend, done: afterResponse };
    const undo = [patchFetch(all), patchXhr(all)];
    unpatch = () => undo.forEach((u) => u());
  }
  return () => {
    taps.delete(tap);
    if (!taps.size && unpatch) {
      unpatch();
      unpatch = undefined;
    }
  };
}
