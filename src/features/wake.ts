import type { Feature } from '../types/runtime';

/**
 * Re-checks the deadline whenever the page may have slept: hidden tabs get throttled timers
 * (Chrome: once a minute after 5 min) and laptops suspend. A tab that wakes past its deadline logs out at once.
 */
export const start: Feature = (rt) => {
  if (typeof window === 'undefined') return;
  const check = () => rt.refresh() && rt.dispatch({ type: 'tick' });
  const targets: Array<[EventTarget, string]> = [[document, 'visibilitychange'], [window, 'pageshow'], [window, 'focus'], [window, 'online']];
  targets.forEach(([target, name]) => target.addEventListener(name, check));
  return { stop: () => targets.forEach(([target, name]) => target.removeEventListener(name, check)) };
};
