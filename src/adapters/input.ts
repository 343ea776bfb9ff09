import type { Runtime } from '../types/runtime';

const DEFAULT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'visibilitychange'];

/**
 * User input as activity (`activity.input`). A stream of pointermove costs one comparison per
 * event inside the throttle window.
 */
export function inputActivity(rt: Runtime): (() => void) | void {
  const input = rt.options.activity?.input;
  if (!input || typeof document === 'undefined') return;
  const { events = DEFAULT_EVENTS, throttleMs = 1000 } = input === true ? {} : input;
  let last = -Infinity;
  const onInput = () => {
    const t = rt.now();
    if (t - last < throttleMs || document.visibilityState === 'hidden') return;
    last = t;
    rt.activity('input');
  };
  const opts = { capture: true, passive: true };
  events.forEach((name) => document.addEventListener(name, onInput, opts));
  return () => events.forEach((name) => document.removeEventListener(name, onInput, opts));
}
