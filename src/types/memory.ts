import type { LogoutReason } from './vocabulary';

/** Who is signed in (e.g. the user id), or null/undefined while unknown. Saved routes and drafts are bound to its hash. */
export type UserKey = () => string | null | undefined | Promise<string | null | undefined>;

/** `route`: remember the screen at logout, restore it after the same person signs in again. */
export interface RouteOptions {
  /** The route to save, e.g. the router's current location. Default `location.pathname + search + hash`. Only same-origin paths are kept. */
  get?: () => string;
  /** Navigate there after sign-in (`history.replaceState` + a `popstate` event, which routers follow). Default `false`: call `takeSavedRoute()`. */
  restore?: boolean;
  /**
   * Binds the saved route to the person: another person signing in on this browser never gets it, and it is discarded.
   * Without it, whoever signs in next in this tab gets the route.
   */
  userKey?: UserKey;
  /** How long a saved route is kept. Default 12 h. */
  maxAgeMs?: number;
  /** The logout reasons that save the route. Default all but `manual`. */
  reasons?: LogoutReason[];
}

/** `drafts` (WCAG 2.2.5): unsaved fields of marked forms are kept at logout and refilled after the same person signs in. */
export interface DraftOptions {
  /** The forms to keep. Default `form[data-idle-draft]`. Forms are matched again by `id`, `name` or position. */
  selector?: string;
  /** Required for drafts (defaults to `route.userKey`): drafts are never kept unbound. */
  userKey?: UserKey;
  /** Default 12 h. */
  maxAgeMs?: number;
}

/** `schedule`: log out at a wall-clock time (end of shift), whatever the activity. */
export interface ScheduleOptions {
  /** `'18:30'` (24-hour, in `timeZone`), or a function returning the next logout time for a new session. */
  at: string | ((now: Date) => Date | number | null | undefined);
  /** An IANA zone such as `Europe/Berlin`. Default the browser's. */
  timeZone?: string;
  /** Holds (open interactions) postpone the scheduled logout too. Default `false`. */
  respectHolds?: boolean;
}
