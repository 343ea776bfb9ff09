import type { Feature } from '../types/runtime';

export const DEFAULT_INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'visibilitychange'];

/** The built-in dialog's host element: input aimed at it is the person answering the warning, not activity. */
export const UI_TAG = 'idle-logout-ui';

/**
 * User input as activity (`activity.input`). A stream of pointermove costs one comparison per
 * event inside the throttle window.
 */
export const start: Feature = (rt) => {
  const option = rt.options.activity?.input;
  if (!option || typeof document === 'undefined') return;
  const { events = DEFAULT_INPUT_EVENTS, throttleMs = 1000 } = option === true ? {} : option;
  let last = -Infinity;
  const onInput = (e: Event) => {
    // The event's own time (monotonic, set by the browser): no clock is read for the events the throttle drops.
    const t = e.timeStamp;
    if (t - last < throttleMs || document.visibilityState === 'hidden') return;
    // Only read the path once the throttle lets the event through: the hot pointermove path stays one comparison.
    if (e.composedPath().some((n) => (n as Element).localName === UI_TAG)) return;
    last = t;
    rt.refresh();
    rt.record('input');
  };
  const opts = { capture: true, passive: true };
  events.forEach((name) => document.addEventListener(name, onInput, opts));
  return { stop: () => events.forEach((name) => document.removeEventListener(name, onInput, opts)) };
};
