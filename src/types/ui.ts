/** The built-in UI's text. `{time}`, `{at}` are filled in; all text is set as plain text, never HTML. */
export interface UiText {
  warnTitle: string;
  /** Idle warning. `{time}`: the countdown. */
  warnBody: string;
  /** Scheduled-logout warning. `{at}`: the logout time, `{time}`: the countdown. */
  warnScheduled: string;
  /** Shown in the warning when `drafts` is on. */
  kept: string;
  /** Shown in the warning otherwise. */
  lost: string;
  stay: string;
  /** The warning's first button before a scheduled logout (staying active cannot postpone it). */
  ok: string;
  signOut: string;
  outTitle: string;
  /** After an idle logout. `{time}`: the timeout. */
  outIdle: string;
  /** After a scheduled logout. `{at}`: the time. */
  outScheduled: string;
  /** After the server ended the session (`revoked`), or the app's auth library removed the token (`signed-out`). */
  outRevoked: string;
  /** After the signed-out text, in the one tab that leads the person back to sign-in, with `route` or `drafts` on. */
  again: string;
  /** The same without `route` or `drafts` (nothing is kept to continue from). */
  againPlain: string;
  /** After the signed-out text, in the other tabs of the same logout. */
  elsewhere: string;
  /** The signed-out notice's button: `ui.onSignIn`, else a reload of the page (which starts the app's sign-in). */
  signIn: string;
  /** A duration in words. Default: `Intl.NumberFormat` in the page's `lang`, e.g. "1 minute", "5 Minuten". */
  time: (seconds: number) => string;
}

export interface UiOptions {
  text?: Partial<UiText>;
  /** The signed-out notice's "Sign in again". Default: reload the page (which starts the app's sign-in). */
  onSignIn?: () => void;
}
