/**
 * Leading and trailing throttle: `poke()` runs `run` at once if it has not run in the last `ms`, else once at
 * the end of that window; `go()` runs it now (taking the pending run with it); `wait(extra)` says it just ran
 * elsewhere (another tab broadcast): the window restarts, `extra` longer, and a pending run moves to its end.
 * The hot path is `poke()` while a run is pending: one comparison.
 */
export function coalesce(ms: number, now: () => number, run: () => void) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => (clearTimeout(timer), (timer = undefined));
  const go = () => {
    stop();
    last = now();
    run();
  };
  const poke = () => {
    if (timer !== undefined) return;
    const wait = last + ms - now();
    if (wait > 0) timer = setTimeout(go, wait);
    else go();
  };
  return {
    poke,
    go,
    wait(extra = 0) {
      last = now() + extra;
      if (timer !== undefined) stop(), poke();
    },
    stop,
  };
}
