import { describe, expect, it } from 'vitest';
import type { IdleLogout, IdleSnapshot } from '../../src/index';
import { recordingNetwork, useSandbox } from '../support/sandbox';
import { runRecipe } from './run-doc-recipe';

// `vue` is not installed here: a stand-in with the two functions the recipe uses. This checks the recipe's
// wiring (ref follows the snapshot, dispose destroys), not Vue's reactivity.
const disposers: Array<() => void> = [];
const vue = {
  shallowRef: <T>(value: T) => ({ value }),
  onScopeDispose: (fn: () => void) => void disposers.push(fn),
};

const network = recordingNetwork([], () => 200);
useSandbox(() => network);

describe('the Vue 3 composable in docs/frameworks.md', () => {
  const { useIdleLogout } = runRecipe('## Vue 3', { vue });

  it('keeps snapshot.value equal to getSnapshot() through a hold, its release and a logout', () => {
    const { idle, snapshot } = useIdleLogout({ getToken: () => 'token-a', timeoutMs: 600_000, sync: false }) as { idle: IdleLogout; snapshot: { value: IdleSnapshot } };
    expect(snapshot.value).toBe(idle.getSnapshot());
    expect(snapshot.value.state).toBe('active');
    const release = idle.hold('voice-call');
    expect(snapshot.value).toEqual({ state: 'held', deadline: Infinity });
    release();
    expect(snapshot.value.state).toBe('active');
    idle.logout();
    expect(snapshot.value).toEqual({ state: 'logged-out', deadline: 0, reason: 'manual' });
    disposers.splice(0).forEach((d) => d());
  });

  it('destroys the instance when its scope is disposed (fetch unpatched, no more updates)', () => {
    const { idle, snapshot } = useIdleLogout({ getToken: () => 'token-a', timeoutMs: 600_000, sync: false }) as { idle: IdleLogout; snapshot: { value: IdleSnapshot } };
    expect(globalThis.fetch).not.toBe(network);
    disposers.splice(0).forEach((d) => d());
    expect(globalThis.fetch).toBe(network);
    const before = snapshot.value;
    idle.logout();
    expect(snapshot.value).toBe(before);
  });
});
