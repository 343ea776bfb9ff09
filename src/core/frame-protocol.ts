import type { FrameState, HeartbeatRejectReason as RejectReason } from '../types/frames';
import { IDLE_STATES } from '../types/vocabulary';
import { isOrigin } from './origin';

export { isOrigin };

/**
 * The postMessage protocol between a host page and the client it embeds in an `<iframe>`.
 * Pure: host pages load it through `connectHeartbeat` without the rest of the SDK.
 */
export const HEARTBEAT = 'idle-logout:heartbeat';
export const STATE = 'idle-logout:state';
/** Host → frame: "what is your state?", posted on connect and on each load of the frame; not activity. */
export const HELLO = 'idle-logout:hello';

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

/**
 * Frame side: may this message count as a heartbeat (or, with `type` HELLO, be answered with the state)? Origin
 * first (exact match only), then sender, then shape.
 */
export function checkHeartbeat(origin: string, fromAncestor: boolean, data: unknown, allowed: readonly string[], type = HEARTBEAT): RejectReason | undefined {
  return !allowed.includes(origin) ? 'origin' : !fromAncestor ? 'source' : checkMessage(data, type);
}

/** Host side: the frame's state message, or undefined. */
export function frameState(data: unknown): FrameState | undefined {
  if (checkMessage(data, STATE)) return;
  const { state, remainingMs } = data as FrameState;
  if (IDLE_STATES.includes(state as never) && typeof remainingMs === 'number' && remainingMs >= 0) return { state, remainingMs };
}
