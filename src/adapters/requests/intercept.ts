import { patchFetch } from './fetch';
import { taps, type Tap } from './taps';
import { patchXhr } from './xhr';

let unpatch: (() => void) | undefined;

/** Adds a tap; the first one patches fetch and XHR, the last one removed restores them. */
export function intercept(tap: Tap): () => void {
  taps.add(tap);
  if (!unpatch) {
    const undo = [patchFetch(), patchXhr()];
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
