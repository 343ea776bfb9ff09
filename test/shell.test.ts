import { describe, expect, it, vi } from 'vitest';
import { createWith } from '../src/create-idle-logout';
import { FEATURES } from '../src/features/index';
import { UI_TAG } from '../src/features/input';
import type { Feature } from '../src/types/runtime';
import type { Session } from '../src/types/session';
import { useRecordingSandbox } from './support/sandbox';

const MIN = 60_000;
const { sandbox } = useRecordingSandbox();

describe('one ordered notification path', () => {
  it("a subscribe listener sees the warning after the dialog (a lazily loaded feature) is in the DOM", async () => {
    const idle = sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, ui: true, sync: false });
    const seen: [string, boolean][] = [];
    // Registered before the dialog's chunk arrived: its row comes after the dialog's all the same.
    idle.subscribe((s) => seen.push([s.state, !!document.querySelector(UI_TAG)?.shadowRoot?.querySelector('dialog h2')]));
    idle.on('warning', () => seen.push(['warning event', !!document.querySelector(UI_TAG)?.shadowRoot?.querySelector('dialog h2')]));
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(9 * MIN);
    expect(seen).toEqual([
      ['warning', true],
      ['warning event', true],
    ]);
    idle.destroy();
  });

  it('features hear a change in list order, whenever they registered', async () => {
    const heard: string[] = [];
    /** A feature that starts watching only after `delay` ms (like a lazily loaded chunk). */
    const late = (name: string, delay: number): Feature => (rt) => {
      let off = () => {};
      const t = setTimeout(() => (off = rt.onChange((s, prev) => s?.state !== prev?.state && heard.push(`${name}:${s?.state}`))), delay);
      return { stop: () => (clearTimeout(t), off()) };
    };
    const idle = createWith({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, sync: false }, [...FEATURES, late('first', 300), late('second', 100), late('third', 200)]);
    await vi.advanceTimersByTimeAsync(9 * MIN);
    expect(heard).toEqual(['first:warning', 'second:warning', 'third:warning']);
    idle.destroy();
  });

  it('a dispatch from inside a watcher runs after every watcher saw the current change, so none sees an outdated (next, prev)', async () => {
    const seen: [string, string | undefined, string | undefined][] = [];
    const extendOnWarning: Feature = (rt) => ({
      stop: rt.onChange((s, prev) => {
        seen.push(['a', prev?.state, s?.state]);
        if (s?.state === 'warning' && prev?.state === 'active') rt.dispatch({ type: 'activity', time: rt.now() });
      }),
    });
    const watch: Feature = (rt) => ({ stop: rt.onChange((s: Session | undefined, prev) => void seen.push(['b', prev?.state, s?.state])) });
    const idle = createWith({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, sync: false }, [...FEATURES, extendOnWarning, watch]);
    await vi.advanceTimersByTimeAsync(9 * MIN);
    expect(seen.filter(([, p, n]) => p && p !== n)).toEqual([
      ['a', 'active', 'warning'],
      ['b', 'active', 'warning'],
      ['a', 'warning', 'active'],
      ['b', 'warning', 'active'],
    ]);
    expect(idle.state).toBe('active');
    idle.destroy();
  });
});
