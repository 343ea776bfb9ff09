import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from '../../src/utils/coalesce';

const T = 1_700_000_000_000;

describe('sync coalescing', () => {
  afterEach(() => void vi.useRealTimers());

  it('runs on the leading edge, then once at the end of the window, at most once per window', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.poke(); // leading
    for (let t = 1; t <= 2500; t++) {
      vi.advanceTimersByTime(1);
      gate.poke(); // 100 calls a second... and more
    }
    vi.advanceTimersByTime(2000); // quiet: the trailing run, then nothing
    expect(runs).toEqual([0, 1000, 2000, 3000]);
    for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('after a quiet window the next poke runs at once', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.poke();
    vi.advanceTimersByTime(5000);
    gate.poke();
    expect(runs).toEqual([0, 5000]);
  });

  it('wait() restarts the window (another tab just broadcast): a pending run moves to its end', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.wait(100); // heard another tab at 0: our next run waits 1.1 s
    gate.poke();
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(900);
    gate.wait(100); // heard it again at 900: pushed to 2000
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([2000]);
    // Nothing pending: wait() only makes the next poke trailing.
    vi.advanceTimersByTime(5000);
    gate.wait();
    gate.poke();
    vi.advanceTimersByTime(999);
    expect(runs).toEqual([2000]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([2000, 8000]);
  });

  it('go() runs now and takes the pending trailing run with it; stop() drops it', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.poke();
    vi.advanceTimersByTime(100);
    gate.poke(); // trailing at 1000
    vi.advanceTimersByTime(100);
    gate.go(); // now, at 200
    vi.advanceTimersByTime(3000);
    expect(runs).toEqual([0, 200]);
    gate.poke();
    vi.advanceTimersByTime(10);
    gate.poke();
    gate.stop();
    vi.advanceTimersByTime(3000);
    expect(runs).toEqual([0, 200, 3200]);
  });
});
