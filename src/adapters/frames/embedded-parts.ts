import type { Runtime } from '../../types/runtime';
import { keepalive } from '../keepalive';
import { serverClock } from '../server-clock';
import { frameHeartbeat } from './heartbeat';

/** Starts the parts that are configured; returns one dispose for all. */
export function startEmbedded(rt: Runtime): () => void {
  const stops = [frameHeartbeat, keepalive, serverClock].map((part) => part(rt));
  return () => stops.forEach((stop) => stop?.());
}
