import type { IdleState } from './vocabulary';

/** Why a frame dropped a message: not from an allowed origin, not from an ancestor window, not ours, too big, another version. */
export type HeartbeatRejectReason = 'origin' | 'source' | 'shape' | 'size' | 'version';

/** What an embedded client posts to its host page. */
export interface FrameState {
  state: IdleState;
  /** Until the frame's logout, as of the message (within a second of the frame's own); `Infinity` while none is due (`held`). */
  remainingMs: number;
}

/** Frame side (`createIdleLogout({ heartbeat })`): heartbeats posted by the host page that embeds this client. */
export interface HeartbeatOptions {
  /**
   * Exact origins of the host pages allowed to send heartbeats, e.g. `['https://crm.example.com']`:
   * compared with `===`, no wildcards, no trailing slash. Only messages from an ancestor window count.
   * The frame posts its state (`warning`, `active`, `held`, `logged-out`) when it starts, when it changes, when its
   * deadline moves by more than a second within one state (a policy from `timeoutFrom`, heartbeats, other tabs) and
   * when the host asks (on connect), back to the last host that sent a message, or, before the first one, to its
   * parent under each of these origins.
   */
  allowedOrigins: readonly string[];
  /** Debug hook for dropped messages, at most one report per reason per 10 s. Exceptions are swallowed. */
  onReject?: (reason: HeartbeatRejectReason, origin: string) => void;
}

/**
 * Activity the server cannot see (input, heartbeats, `extend()`, holds) does not reset its idle timer:
 * only requests do. The keepalive sends one cheap request with the token when the server has not seen
 * the token since such activity, at most once per `minIntervalMs`, from the one tab that acts.
 */
export interface KeepaliveOptions {
  /** E.g. `https://api.mypurecloud.com/api/v2/tokens/me`. */
  url: string;
  /** Default `HEAD`. */
  method?: string;
  /** At most one keepalive per interval; default 60 s, never more than half the timeout. At least 1 s. */
  minIntervalMs?: number;
}

/**
 * The server's own idle deadline, read without resetting it (Genesys Cloud:
 * `GET /api/v2/tokens/me?preserveIdleTTL=true` → `dateTokenIdles`). Read at start, on becoming visible,
 * shortly before the warning and before an idle logout: a token the server still holds alive (another
 * tab or device used it) is not logged out; if the read fails, the logout goes ahead (fail closed).
 * Clock skew is corrected with the response's `Date` header (cross-origin APIs must expose it).
 */
export interface ServerClockOptions {
  url: string;
  /** The ISO date field of the response with the idle deadline. Default `dateTokenIdles`. */
  field?: string;
}

/** Host side: `connectHeartbeat(iframe, options)`. */
export interface ConnectHeartbeatOptions {
  /** The embedded client's exact origin, e.g. `https://app.example.com`. Never `'*'`. */
  targetOrigin: string;
  /** Host-page events that mean the person is working (listened on `window`, capture). Default: pointer, keyboard, wheel, touch, focus, visibility. */
  events?: readonly string[];
  /** At most one heartbeat per interval. Default 5 s. */
  minIntervalMs?: number;
}

export interface HeartbeatConnection {
  /** Sends a heartbeat now (throttled like the automatic ones), for activity the host knows of itself. */
  beat(): void;
  /**
   * The frame's state messages (`warning`, `active`, `held`, `logged-out`), from `targetOrigin` and this iframe only: its
   * current state right after connecting (and after each load of the frame), then each change of its state or of its
   * deadline (by over a second), so the last one's `remainingMs`, minus the time since it came, is the frame's.
   */
  on(name: 'state', handler: (event: FrameState) => void): () => void;
  /** Removes every listener. */
  disconnect(): void;
}
