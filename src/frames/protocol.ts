/**
 * The postMessage protocol between a host page and the client it embeds in an `<iframe>`.
 * Pure and import-free: host pages load it through `connectHeartbeat` without the rest of the SDK.
 */
export const HEARTBEAT = 'idle-logout:heartbeat';
export const STATE = 'idle-logout:state';

/** Why a message was dropped: not from an allowed origin, not from an ancestor window, not ours, too big, another version. */
export type RejectReason = 'origin' | 'source' | 'shape' | 'size' | 'version';

export interface FrameState {
  state: 'active' | 'warning' | 'held' | 'logged-out';
  remainingMs: number;
}

/** An exact origin as `URL#origin` spells it (`https://crm.example.com:8443`): no wildcard, path, slash or upper case. */
export function isOrigin(value: unknown): value is string {
  try {
    return typeof value === 'string' && !value.includes('*') && new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * Why `data` is not a version-1 message of `type`; undefined when it is. Unknown fields are ignored, but
 * only flat ones: more than 16 fields, a long key or string, or any nested object marks it oversized,
 * so a hostile sender cannot make us walk a large structure. Never throws.
 */
export function checkMessage(data: unknown, type: string): RejectReason | undefined {
  try {
    const m = data as Record<string, unknown>;
    if (!m || typeof m !== 'object' || m.type !== type) return 'shape';
    const keys = Object.keys(m);
    if (keys.length > 16) return 'size';
    for (const k of keys) {
      const v = m[k];
      if (k.length > 64 || (v && typeof v === 'object') || (typeof v === 'string' && v.length > 256)) return 'size';
    }
    return m.v === 1 ? undefined : 'version';
  } catch {
    return 'shape';
  }
}

/** Frame side: may this message count as a heartbeat? Origin first (exact match only), then sender, then shape. */
export function checkHeartbeat(origin: string, fromAncestor: boolean, data: unknown, allowed: readonly string[]): RejectReason | undefined {
  return !allowed.includes(origin) ? 'origin' : !fromAncestor ? 'source' : checkMessage(data, HEARTBEAT);
}

const STATES = ['active', 'warning', 'held', 'logged-out'];

/** Host side: the frame's state message, or undefined. */
export function frameState(data: unknown): FrameState | undefined {
  if (checkMessage(data, STATE)) return;
  const { state, remainingMs } = data as FrameState;
  if (STATES.includes(state) && typeof remainingMs === 'number' && remainingMs >= 0) return { state, remainingMs };
}
