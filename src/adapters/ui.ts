import type { Session } from '../core/session';
import type { Runtime } from '../types/runtime';

/**
 * The built-in UI (`ui`): the warning dialog and the signed-out notice. This part only maps session changes to
 * a view (`warn`, `out` or none, cheap on every change); the dialog is a lazily imported chunk, loaded up front
 * so a logout while offline still shows it.
 */
export function ui(rt: Runtime): (() => void) | void {
  if (!rt.options.ui || typeof document != 'object') return;
  const show = import('./ui/dialog').then((m) => m.createUi(rt));
  show.catch((error) => rt.fail('ui', error));
  let shown: string | null = '';
  const set = (view: string | null, s?: Session) => view !== shown && ((shown = view), show.then((f) => f(view, s), () => 0));
  const off = rt.onChange((s) =>
    // Signed out in the app (no token) keeps the notice up until the next sign-in.
    set(!s ? (shown == 'out' ? 'out' : '') : s.state == 'warning' ? 'warn' : s.state == 'logged-out' && s.reason != 'manual' ? 'out' : '', s),
  );
  return () => (off(), set(null));
}
