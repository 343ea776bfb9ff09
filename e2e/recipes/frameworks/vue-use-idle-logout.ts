import { onScopeDispose, shallowRef } from 'vue';
import { createIdleLogout, type IdleLogoutOptions } from 'idle-logout';

/** One instance for the calling component (or effect scope); `snapshot.value` follows `getSnapshot()`. */
export function useIdleLogout(options: IdleLogoutOptions) {
  const idle = createIdleLogout(options);
  // shallowRef: the snapshot is frozen and replaced whole, never mutated.
  const snapshot = shallowRef(idle.getSnapshot());
  const stop = idle.subscribe((next) => (snapshot.value = next));
  onScopeDispose(() => {
    stop();
    idle.destroy();
  });
  return { idle, snapshot };
}
