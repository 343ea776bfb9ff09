import { IdleLogoutProvider, useIdle, useIdleLogout, useIdleState } from 'idle-logout/react';

export function App() {
  // One instance for the component's lifetime. `getToken` may close over state: the latest one is used.
  const idle = useIdleLogout({ getToken: () => sessionStorage.getItem('access_token'), timeoutMs: 15 * 60_000 });
  return (
    <IdleLogoutProvider idle={idle}>
      <SessionBadge />
    </IdleLogoutProvider>
  );
}

/** Your own warning (instead of `ui: true`'s dialog, which is modal: nothing else on the page can be clicked then). */
function SessionBadge() {
  const { state, deadline } = useIdleState(); // re-renders only when the snapshot changes
  const idle = useIdle();
  if (state === 'logged-out') return <p>Signed out</p>;
  if (state === 'warning') {
    return (
      <button type="button" onClick={() => idle?.extend()}>
        Signing out at {new Date(deadline).toLocaleTimeString()}: stay
      </button>
    );
  }
  return (
    <p>
      Signed in{' '}
      <button type="button" onClick={() => idle?.logout()}>
        Sign out
      </button>
    </p>
  );
}
