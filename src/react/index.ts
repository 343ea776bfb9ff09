import { createContext, createElement, useCallback, useContext, useEffect, useReducer, useRef, useSyncExternalStore, type ReactElement, type ReactNode } from 'react';
import { createIdleLogout } from '../create-idle-logout';
import type { IdleLogout, IdleLogoutOptions, IdleSnapshot } from '../types/options';

/**
 * `idle-logout/react`: one instance per component lifetime, and its state through `useSyncExternalStore`.
 * React stays the app's own copy (a peer dependency, never bundled). Nothing here touches the browser at import
 * time or while rendering on a server.
 */

/** What the server renders, and what a component sees before there is an instance: no countdown, nothing pending. */
const SERVER_SNAPSHOT: IdleSnapshot = Object.freeze({ state: 'active', deadline: Infinity });
const serverSnapshot = () => SERVER_SNAPSHOT;
const noop = () => {};

/**
 * Creates one idle-logout instance for this component's lifetime and destroys it on unmount; `undefined` while
 * rendering on a server. Options are read once (like `createIdleLogout`), except `getToken`, which is always the
 * latest one passed, so it may close over state. Give the component a new `key` to start over with new options.
 *
 * Created during the first render, before children's effects run, so their first requests are already seen.
 * StrictMode's mount, unmount and mount again keeps that one instance: the destroy waits a task and the
 * re-mount cancels it, so there is one fetch patch and one clock.
 */
export function useIdleLogout(options: IdleLogoutOptions): IdleLogout | undefined {
  const latest = useRef(options);
  latest.current = options;
  const box = useRef<{ idle?: IdleLogout; destroy?: ReturnType<typeof setTimeout> }>({}).current;
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const create = () => createIdleLogout({ ...latest.current, getToken: () => latest.current.getToken() });
  if (!box.idle && typeof window !== 'undefined') box.idle = create();
  useEffect(() => {
    clearTimeout(box.destroy);
    // Shown again after the delayed destroy ran (e.g. an <Activity> that was hidden): start a new instance.
    if (!box.idle) (box.idle = create()), rerender();
    return () => {
      box.destroy = setTimeout(() => {
        box.idle?.destroy();
        box.idle = undefined;
      });
    };
  }, []);
  return box.idle;
}

const IdleContext = createContext<IdleLogout | undefined>(undefined);

/** Makes `idle` (e.g. from `useIdleLogout`) the instance `useIdle()` and `useIdleState()` use below it. */
export function IdleLogoutProvider({ idle, children }: { idle: IdleLogout | undefined; children?: ReactNode }): ReactElement {
  return createElement(IdleContext.Provider, { value: idle }, children);
}

/** The instance from the nearest `IdleLogoutProvider` (for `extend()`, `hold()`, `logout()`), if any. */
export function useIdle(): IdleLogout | undefined {
  return useContext(IdleContext);
}

/**
 * The current `IdleSnapshot` (`state`, `deadline`, `reason`) of `idle`, or of the provider's instance; re-renders
 * only when it changes. On a server, and until there is an instance: `{ state: 'active', deadline: Infinity }`.
 * A countdown is `deadline - Date.now()`, rendered on the app's own timer while `state` is `warning`.
 */
export function useIdleState(idle?: IdleLogout): IdleSnapshot {
  const provided = useContext(IdleContext);
  const instance = idle ?? provided;
  const subscribe = useCallback((listener: () => void) => (instance ? instance.subscribe(listener) : noop), [instance]);
  const snapshot = useSyncExternalStore(subscribe, instance ? instance.getSnapshot : serverSnapshot, serverSnapshot);
  // After a render (never during one), reading `state` makes the SDK look at the token again: a sign-in that
  // re-rendered the app shows up here without waiting for its first request.
  useEffect(() => void instance?.state);
  return snapshot;
}
