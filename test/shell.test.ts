import { describe, expect, it, vi } from 'vitest';
import { createWith } from '../src/create-idle-logout';
import { FEATURES } from '../src/features/index';
import { UI_TAG } from '../src/features/input';
import type { Feature, FeatureInstance, Runtime } from '../src/types/runtime';
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

  it('a watcher that throws skips nothing: later rows hear the change, the events and the logout come on time; the error is rethrown from its own task', async () => {
    const heard: string[] = [];
    const broken: Feature = (rt) => ({
      stop: rt.onChange((s, prev) => {
        if (s?.state !== prev?.state) throw new Error(`watcher bug at ${s?.state}`);
      }),
    });
    const after: Feature = (rt) => ({ stop: rt.onChange((s, prev) => void (s?.state !== prev?.state && heard.push(`after:${s?.state}`))) });
    const idle = createWith({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, sync: false }, [...FEATURES, broken, after]);
    idle.on('warning', () => heard.push('warning event'));
    idle.on('logout', ({ reason }) => heard.push(`logout event:${reason}`));
    // Each change's error surfaces from a timer of its own (as an app handler's would), not from the SDK's call.
    const thrown: string[] = [];
    const tick = async (ms: number) => {
      for (let left = ms; left > 0; left -= 1000)
        try {
          await vi.advanceTimersByTimeAsync(Math.min(1000, left));
        } catch (error) {
          thrown.push((error as Error).message);
        }
    };
    await tick(9 * MIN);
    expect(heard).toEqual(['after:active', 'after:warning', 'warning event']);
    await tick(MIN);
    expect(idle.state).toBe('logged-out');
    expect(heard).toEqual(['after:active', 'after:warning', 'warning event', 'after:logged-out', 'logout event:idle']);
    await tick(1000);
    expect(thrown).toEqual(['watcher bug at active', 'watcher bug at warning', 'watcher bug at logged-out']);
    idle.destroy();
  });
});

describe('a narrow runtime: reads have no side effects, token changes are noticed in one place', () => {
  /** An instance with one extra feature that keeps its runtime and records every change it hears. */
  function withRuntime(extra: Partial<FeatureInstance> = {}) {
    let token = 'token-a';
    let rt!: Runtime;
    const heard: (string | undefined)[] = [];
    const probe: Feature = (r) => {
      rt = r;
      return { stop: r.onChange((s, _prev, e) => void heard.push(`${e?.type ?? 'new'}:${s?.state}`)), ...extra } as FeatureInstance;
    };
    const idle = createWith({ getToken: () => token, timeoutMs: 10 * MIN, warnBeforeMs: MIN, sync: false }, [...FEATURES, probe]);
    return { idle, rt, heard, setToken: (t: string) => (token = t) };
  }

  it('rt.session() is a pure read: a changed token is not adopted, nobody is notified', () => {
    const { idle, rt, heard, setToken } = withRuntime();
    const first = rt.session();
    heard.length = 0;
    setToken('token-b');
    expect(rt.session()).toBe(first);
    expect(rt.token()).toBe('token-a');
    expect(heard).toEqual([]);
    idle.destroy();
  });

  it('rt.refresh() re-reads getToken() and adopts a new token: a new session, its watchers told', () => {
    const { idle, rt, heard, setToken } = withRuntime();
    const first = rt.session();
    heard.length = 0;
    setToken('token-b');
    const next = rt.refresh();
    expect(next).not.toBe(first);
    expect(next).toBe(rt.session());
    expect(rt.token()).toBe('token-b');
    expect(heard).toEqual(['new:active']);
    idle.destroy();
  });

  it('rt.ready() is undefined while no feature is pending', () => {
    const { idle, rt } = withRuntime();
    expect(rt.ready()).toBeUndefined();
    idle.destroy();
  });

  it('rt.ready() settles once every pending hook settled, and never rejects', async () => {
    let release!: () => void;
    let fail!: (e: Error) => void;
    const stored = new Promise<void>((r) => (release = r));
    const broken = new Promise<void>((_, f) => (fail = f));
    const offering = (p: Promise<void>): Feature => () => ({ stop() {}, hooks: { ready: () => p } });
    let rt!: Runtime;
    const probe: Feature = (r) => void (rt = r);
    const idle = createWith({ getToken: () => 'token-a', timeoutMs: 10 * MIN, sync: false }, [...FEATURES, offering(stored), offering(broken), probe]);
    const settled = vi.fn();
    const ready = rt.ready();
    expect(ready).toBeInstanceOf(Promise);
    void ready!.then(settled);
    fail(new Error('storage never answered'));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).not.toHaveBeenCalled(); // one rejected, the other still pending
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toHaveBeenCalledTimes(1);
    idle.destroy();
  });

  it('a lazily loaded chunk’s ready hook is asked once it runs', async () => {
    let ready: Promise<void> | undefined;
    const { idle, rt } = withRuntime({ hooks: { ready: () => ready } });
    expect(rt.ready()).toBeUndefined();
    ready = new Promise(() => {});
    expect(rt.ready()).toBeInstanceOf(Promise);
    idle.destroy();
  });
});

describe('public reads', () => {
  it('remainingMs() and canRenew() only read: past the warning time they say so, and no event fires until state is read', () => {
    const events: string[] = [];
    const idle = createWith({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: MIN, sync: false }, FEATURES);
    idle.on('warning', () => events.push('warning'));
    // The wall clock moves past the warning time, the timer has not fired (a throttled, hidden tab).
    vi.setSystemTime(Date.now() + 9.5 * MIN);
    expect(idle.canRenew()).toBe(false);
    expect(idle.remainingMs()).toBe(MIN / 2);
    expect(events).toEqual([]);
    expect(idle.getSnapshot().state).toBe('active');
    // Reading `state` is a check: the warning is acted on first, so `state` never runs ahead of the events.
    expect(idle.state).toBe('warning');
    expect(events).toEqual(['warning']);
    idle.destroy();
  });

  it('a public read adopts a new token (the outside world comes in there)', () => {
    let token = 'token-a';
    const idle = createWith({ getToken: () => token, timeoutMs: 10 * MIN, warnBeforeMs: MIN, sync: false }, FEATURES);
    idle.logout();
    expect(idle.canRenew()).toBe(false);
    token = 'token-b';
    expect(idle.canRenew()).toBe(true);
    expect(idle.remainingMs()).toBe(10 * MIN);
    idle.destroy();
  });
});
