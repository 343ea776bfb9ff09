import { describe, expect, expectTypeOf, it } from 'vitest';
import { explain } from '../src/features/explain/index';
import { FEATURES } from '../src/features/index';
import { memory } from '../src/features/memory/index';
import { schedule } from '../src/features/schedule';
import { snapshot } from '../src/features/snapshot';
import { createIdleLogout, type IdleLogout } from '../src/index';
import type { ApiCheck, ApiMethod, Feature, ShellMethod } from '../src/types/runtime';

// Type tests: `tsc -p tsconfig.test.json` checks them (a wrong expectation, or an @ts-expect-error that no longer
// errs, fails the type-check); vitest runs the runtime half.

describe('the public API is typed: a missing or doubled method is a compile error', () => {
  it('FEATURES adds every method that is not the shell’s, each exactly once', () => {
    expectTypeOf<ApiCheck<typeof FEATURES>>().toEqualTypeOf<{ missing: never; doubled: never }>();
    expectTypeOf<ShellMethod | ApiMethod>().toEqualTypeOf<keyof IdleLogout>();
  });

  it('a list without a feature names the methods it misses; a list with one twice names the doubled ones', () => {
    expectTypeOf<ApiCheck<[typeof explain, typeof memory, typeof schedule]>['missing']>().toEqualTypeOf<'subscribe' | 'getSnapshot'>();
    expectTypeOf<ApiCheck<[typeof explain, typeof memory, typeof schedule, typeof snapshot, typeof schedule]>['doubled']>().toEqualTypeOf<'logoutAt'>();
    expectTypeOf<ApiCheck<[typeof explain, typeof memory, typeof schedule, typeof snapshot]>>().toEqualTypeOf<{ missing: never; doubled: never }>();
  });

  it('a feature adds exactly the methods its type names', () => {
    const stop = () => {};
    // @ts-expect-error: a feature declared without methods cannot add one
    const sneaky: Feature = () => ({ stop, api: { logoutAt: () => {} } });
    // @ts-expect-error: nor can one add a method besides its own
    const more: Feature<'logoutAt'> = () => ({ stop, api: { logoutAt: () => {}, explain: async () => ({ endpoints: [] }) } });
    // @ts-expect-error: one that names a method must add it, always (not `void` when unconfigured)
    const none: Feature<'logoutAt'> = () => undefined;
    const exact: Feature<'logoutAt'> = () => ({ stop, api: { logoutAt: () => {} } });
    expect([sneaky, more, none, exact]).toHaveLength(4);
  });

  it('an instance has exactly the methods IdleLogout declares, at run time too', () => {
    // Every key of IdleLogout, no other: the compiler checks this object against the interface both ways.
    const keys: Record<keyof IdleLogout, true> = {
      state: true,
      remainingMs: true,
      extend: true,
      hold: true,
      logout: true,
      canRenew: true,
      takeSavedRoute: true,
      keepDraft: true,
      takeDrafts: true,
      logoutAt: true,
      on: true,
      subscribe: true,
      getSnapshot: true,
      explain: true,
      destroy: true,
    };
    const idle = createIdleLogout({ getToken: () => 'token-a', timeoutMs: 10 * 60_000, sync: false });
    expect(Object.keys(idle).sort()).toEqual(Object.keys(keys).sort());
    for (const k of Object.keys(keys) as (keyof IdleLogout)[]) if (k !== 'state') expect(typeof idle[k]).toBe('function');
    idle.destroy();
  });
});
