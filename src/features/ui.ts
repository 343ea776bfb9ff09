import { deadline, remainingMs } from '../core/session';
import type { Feature, Runtime } from '../types/runtime';
import type { Session } from '../types/session';
import type { UiText } from '../types/ui';
import type { LogoutReason } from '../types/vocabulary';
import { UI_TAG } from './input';

/** What the UI shows: the warning, the signed-out notice, or nothing (`''`). */
type View = 'warn' | 'out' | '';

/** The signed-out notice's text for each reason (a manual logout shows none: the person chose it). */
const OUT_TEXT: Record<LogoutReason, keyof UiText | undefined> = {
  idle: 'outIdle',
  scheduled: 'outScheduled',
  revoked: 'outRevoked',
  manual: undefined,
  'signed-out': undefined,
};

// Fixed and centred in the viewport, modal or not (a non-modal dialog would sit after the page's content, below the
// fold of a small frame), never larger than it; a compact layout where the viewport is small (a 320 × 300 frame
// shows the time and both buttons without scrolling); scrolling inside the dialog only as a last resort.
const CSS = `dialog{box-sizing:border-box;position:fixed;inset:0;z-index:2147483647;margin:auto;max-width:min(30em,calc(100% - 1em));max-height:calc(100% - 1em);overflow:auto;padding:1.5em 1.75em;border:0;border-top:.5em solid #1d5aab;border-radius:.5em;box-shadow:0 1em 3em #0008;color:#1b1b1b;font:1em/1.5 system-ui,sans-serif}
::backdrop{background:#000b}
h2{margin:0 0 .7em}
.s{position:absolute;height:1px;overflow:hidden;clip-path:inset(50%)}
button{font:inherit;font-weight:600;margin:.6em 1em 0 0;padding:.6em 1.2em;border:2px solid #1d5aab;border-radius:4px;background:#fff;color:#1d5aab}
button:first-of-type{background:#1d5aab;color:#fff}
:focus-visible{outline:3px solid #fd0;box-shadow:0 0 0 6px #000}
@media (max-width:30em),(max-height:30em){dialog{padding:.6em .9em;font-size:.875em;line-height:1.35;border-top-width:.3em}h2{font-size:1.2em;margin:0}p{margin:.4em 0}button{margin:.3em .4em 0 0;padding:.35em .8em}}`;

/** The page's language (`<html lang>`) for times and durations; an invalid tag means the browser's own. */
const lang = () => {
  try {
    return Intl.getCanonicalLocales(document.documentElement.lang)[0];
  } catch {
    return undefined;
  }
};
/** "1 minute", "5 minutes", "1 Minute", "5 minutes" in French: the plural rules come from `Intl`, not from us. */
const units = (n: number, unit: string) => new Intl.NumberFormat(lang(), { style: 'unit', unit, unitDisplay: 'long' }).format(n);

export const TEXT: UiText = {
  warnTitle: 'You’re about to be signed out',
  warnBody: 'For your security, we will sign you out in {time} because you have not been active.',
  warnScheduled: 'Your session is scheduled to end at {at}. We will sign you out in {time}.',
  kept: 'Unsaved changes in forms on this page will be kept for when you sign in again.',
  lost: 'Anything you have not saved will be lost.',
  stay: 'Stay signed in',
  ok: 'Continue working',
  signOut: 'Sign out now',
  outTitle: 'You have been signed out',
  outIdle: 'You were signed out after {time} of inactivity.',
  outScheduled: 'Your session ended at {at} as scheduled.',
  outRevoked: 'Your session has ended.',
  again: 'Sign in again to continue where you left off.',
  againPlain: 'Sign in again to continue.',
  elsewhere: 'Sign-in continues in another tab.',
  signIn: 'Sign in again',
  time: (s) => (s < 60 ? units(s, 'second') : units(Math.ceil(s / 60), 'minute')),
};

/**
 * The next second (below `s` left) at which the live region speaks: every minute, every 15 s in the last minute,
 * every 5 s in the last 20 s, so from 60 s it says 45, 30, 20, 15, 10, 5 (20 too: the step changes there).
 */
const nextSpoken = (s: number) => {
  while (--s > 0 && s % (s > 60 ? 60 : s > 20 ? 15 : 5));
  return s;
};

/**
 * The warning dialog and the signed-out notice (WCAG 2.2.1, the GOV.UK timeout pattern): a native `<dialog>`
 * opened with `showModal()`, in a shadow root styled by a constructed stylesheet (allowed under a strict CSP),
 * text set with `textContent` only. `show(view)`: `'warn'`, `'out'` or `''` (closed); `stop()` removes it.
 */
function createUi(rt: Runtime) {
  const o = rt.options.ui === true ? {} : rt.options.ui || {};
  const t: UiText = { ...TEXT, ...o.text };
  let host: HTMLElement | undefined;
  let root: ShadowRoot;
  let dialog: HTMLDialogElement;
  let back: HTMLElement | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let warning = false;
  let scheduled = false;
  let quiet = false;

  const add = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, text = '') => {
    const e = parent.appendChild(document.createElement(tag));
    e.textContent = text;
    return e;
  };
  const clock = (at?: number) => (at ? new Date(at).toLocaleTimeString(lang(), { hour: 'numeric', minute: '2-digit' }) : '');
  const button = (row: Node, text: string, onClick: () => void) => (add('button', row, text).onclick = onClick);

  function close() {
    clearInterval(timer);
    if (dialog?.open) dialog.close();
    back?.focus();
    back = null;
  }

  // Esc: stay signed in (idle warning), dismiss (scheduled warning); the notice (the token is gone) stays, and
  // when it is not modal, focus leaves it.
  function onCancel(e: Event) {
    e.preventDefault();
    if (warning) scheduled ? close() : (rt.refresh(), rt.record('extend'));
    else if (quiet) (root.activeElement as HTMLElement | null)?.blur();
  }

  /**
   * The keys that answer the dialog are its own: Tab cycles its buttons (modal only: a non-modal one never traps
   * focus, Tab goes on through the frame and the host page), Enter/Space press one, Esc is `cancel`;
   * the page never sees them (and `input` skips this element, so they are not activity). A key that closes the
   * dialog returns focus to the page while still down: its keypress/keyup would land there (a click on the
   * focused button, a newline in a draft), so they are swallowed too.
   */
  function onKey(e: KeyboardEvent) {
    const { key } = e;
    const buttons = [...dialog.querySelectorAll('button')];
    const i = buttons.indexOf(root.activeElement as HTMLButtonElement);
    if (key === 'Tab') {
      if (quiet) return;
      buttons[(i + buttons.length + (e.shiftKey ? -1 : 1)) % buttons.length].focus();
    } else if (key === 'Escape') onCancel(e);
    else if ((key === 'Enter' || key === ' ') && i >= 0) buttons[i].click();
    else return;
    e.preventDefault();
    e.stopPropagation();
    if (dialog.open) return;
    const types = ['keypress', 'keyup'];
    const swallow = (k: KeyboardEvent) => {
      if (k.key !== key) return;
      k.preventDefault();
      k.stopImmediatePropagation();
      if (k.type === 'keyup') types.forEach((type) => removeEventListener(type, swallow as EventListener, true));
    };
    types.forEach((type) => addEventListener(type, swallow as EventListener, true));
  }

  function open(build: (d: HTMLDialogElement) => void) {
    if (!host) {
      host = document.createElement(UI_TAG);
      root = host.attachShadow({ mode: 'open' });
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
      } catch {
        // No constructable stylesheets (old Safari): the browser's own dialog style.
      }
      dialog = add('dialog', root);
      // Not a tab stop itself (Firefox makes a scrolling dialog one): Tab into a frame lands on its first button.
      dialog.tabIndex = -1;
      dialog.setAttribute('aria-labelledby', 't');
      dialog.setAttribute('aria-describedby', 'd');
      dialog.addEventListener('cancel', onCancel);
      dialog.addEventListener('keydown', onKey);
    }
    // An embedded frame the person is not in never takes focus from the page they work in (showModal() would):
    // its dialog opens non-modal and unfocused, and the live region speaks at once (see `warn`).
    if (!dialog.open) {
      quiet = window !== top && !document.hasFocus();
      back = quiet ? null : (document.activeElement as HTMLElement | null);
    }
    clearInterval(timer);
    dialog.close();
    // First in the page: a non-modal dialog's buttons come first in its tab order, so Tab from the host page
    // reaches "Stay signed in" in one step into the frame.
    const page = document.body || document.documentElement;
    if (page.firstChild !== host) page.prepend(host);
    dialog.replaceChildren();
    build(dialog);
    if (quiet) return dialog.setAttribute('open', '');
    try {
      dialog.showModal();
    } catch (error) {
      rt.fail('ui', error);
    }
    dialog.querySelector('button')!.focus();
  }

  function warn(s: Session) {
    const end = deadline(s);
    warning = true;
    scheduled = end === s.logoutAt;
    open((d) => {
      add('h2', d, t.warnTitle).id = 't';
      const body = add('p', d);
      body.id = 'd';
      const [before, after = ''] = (scheduled ? t.warnScheduled : t.warnBody).replace('{at}', clock(end)).split('{time}');
      body.append(before);
      const time = add('b', body);
      body.append(after);
      add('p', d, rt.options.drafts ? t.kept : t.lost);
      const live = add('p', d);
      live.className = 's';
      live.setAttribute('aria-live', 'polite');
      button(d, scheduled ? t.ok : t.stay, scheduled ? close : () => (rt.refresh(), rt.record('extend')));
      button(d, t.signOut, () => rt.dispatch({ type: 'logout', reason: 'manual' }));
      let due = Infinity;
      const tick = () => {
        const cur = rt.session();
        const sec = Math.ceil((cur ? remainingMs(cur, rt.now()) : 0) / 1000);
        time.textContent = t.time(sec);
        // The dialog's description is read when it opens; after that a polite live region, at a slow cadence (not at
        // 0 s: the signed-out notice comes then).
        if (sec && sec <= due) {
          if (due < Infinity) live.textContent = body.textContent;
          due = nextSpoken(sec);
        }
      };
      tick();
      // Unfocused, nothing read the dialog when it opened: the next tick announces it.
      if (quiet) due = 1e9;
      timer = setInterval(tick, 1000);
    });
  }

  function out(s?: Session) {
    const why = s?.reason;
    warning = false;
    open((d) => {
      add('h2', d, t.outTitle).id = 't';
      const text = t[(why && OUT_TEXT[why]) || 'outRevoked'] as string;
      // One tab of a shared logout leads the person back to sign-in (the `logout` event's `lead`); the others say so.
      // "Where you left off" is promised only when route or draft memory is on to keep it.
      const next = rt.lead() ? (rt.options.route || rt.options.drafts ? t.again : t.againPlain) : t.elsewhere;
      add('p', d, `${text.replace('{time}', t.time((s?.policy.timeoutMs ?? 0) / 1000)).replace('{at}', clock(s?.logoutAt))} ${next}`).id = 'd';
      button(d, t.signIn, o.onSignIn || (() => location.reload()));
    });
  }

  return {
    show(view: View, s?: Session) {
      if (view === 'warn') warn(s!);
      else if (view === 'out') out(s);
      else close();
    },
    stop() {
      close();
      host?.remove();
    },
  };
}

/**
 * The built-in UI (`ui`): the warning dialog and the signed-out notice, following the session. A lazily loaded
 * chunk, loaded up front so a logout while offline still shows it; it starts from the session as it is then.
 */
export const start: Feature = (rt) => {
  if (typeof document !== 'object') return;
  const dialog = createUi(rt);
  let shown: View | null = '';
  const view = (s: Session | undefined): View =>
    // Signed out in the app (no token) keeps the notice up until the next sign-in.
    !s ? (shown === 'out' ? 'out' : '') : s.state === 'warning' ? 'warn' : s.state === 'logged-out' && s.reason !== 'manual' ? 'out' : '';
  const set = (s: Session | undefined) => {
    const next = view(s);
    if (next !== shown) dialog.show((shown = next), s);
  };
  const off = rt.onChange(set);
  set(rt.session());
  return {
    stop() {
      off();
      dialog.stop();
    },
  };
};
