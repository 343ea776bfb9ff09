import type { Feature } from '../types/runtime';

export const DEFAULT_INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'visibilitychange'];

/**
 * User input as activity (`activity.input`). A stream of pointermove costs one comparison per
 * event inside the throttle window.
 */
export const input: Feature = (rt) => {
  const option = rt.options.activity?.input;
  if (!option || typeof document === 'undefined') return;
  const { events = DEFAULT_INPUT_EVENTS, throttleMs = 1000 } = option === true ? {} : option;
  let last = -Infinity;
  const onInput = () => {
    const t = rt.now();
    if (t - last < throttleMs || document.visibilityState === 'hidden') return;
    last = t;
    rt.activity('input');
  };
  const opts = { capture: true, passive: true };
  events.forEach((name) => document.addEventListener(name, onInput, opts));
  return { stop: () => events.forEach((name) => document.removeEventListener(name, onInput, opts)) };
};
