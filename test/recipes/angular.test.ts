import { describe, expect, it } from 'vitest';
import type { IdleSnapshot } from '../../src/index';
import { recordingNetwork, useSandbox } from '../support/sandbox';
import { runRecipe } from './run-doc-recipe';

// A stand-in for the parts of `@angular/core` the recipe uses: `signal` (set, asReadonly), `inject(DestroyRef)`
// with a recorded `onDestroy`, and `Injectable` as a no-op decorator. This checks the recipe's wiring, not
// Angular's injector or change detection.
const onDestroy: Array<() => void> = [];
const DestroyRef = Symbol('DestroyRef');
const angular = {
  DestroyRef,
  Injectable: () => (cls: unknown) => cls,
  inject: (token: unknown) => {
    if (token !== DestroyRef) throw new Error('the stand-in only provides DestroyRef');
    return { onDestroy: (fn: () => void) => void onDestroy.push(fn) };
  },
  signal: <T>(initial: T) => {
    let value = initial;
    const read = () => value;
    return Object.assign(read, { set: (next: T) => void (value = next), asReadonly: () => () => value });
  },
};

const network = recordingNetwork([], () => 200);
useSandbox(() => network);
sessionStorage.setItem('access_token', 'token-a');

describe('the Angular service in docs/frameworks.md', () => {
  const { IdleLogoutService } = runRecipe('## Angular', { '@angular/core': angular });

  it('its state signal follows the snapshot: hold, release, logout', () => {
    const service = new IdleLogoutService();
    const state = service.state as () => IdleSnapshot;
    expect(state().state).toBe('active');
    const release = service.hold('voice-call');
    expect(state()).toEqual({ state: 'held', deadline: Infinity });
    release();
    expect(state().state).toBe('active');
    service.logout();
    expect(state()).toEqual({ state: 'logged-out', deadline: 0, reason: 'manual' });
    onDestroy.splice(0).forEach((d) => d());
  });

  it('destroying the injector destroys the instance (fetch unpatched, no more updates)', () => {
    const service = new IdleLogoutService();
    expect(globalThis.fetch).not.toBe(network);
    onDestroy.splice(0).forEach((d) => d());
    expect(globalThis.fetch).toBe(network);
    const before = service.state();
    service.logout();
    expect(service.state()).toBe(before);
  });
});
