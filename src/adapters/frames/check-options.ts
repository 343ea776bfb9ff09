import { IdlePolicyError } from '../../errors/idle-policy-error';
import { isOrigin } from '../../frames/protocol';
import type { IdleLogoutOptions } from '../../types/options';

/** Construction-time checks of the embedded-client options: a bad allowlist is a bug to report, not to guess around. */
export function checkFrameOptions({ heartbeat, keepalive }: IdleLogoutOptions): void {
  const origins = heartbeat?.allowedOrigins;
  if (heartbeat && !(Array.isArray(origins) && origins.every(isOrigin))) {
    throw new IdlePolicyError('heartbeat.allowedOrigins', origins, 'exact origins like "https://crm.example.com"');
  }
  const interval = keepalive?.minIntervalMs;
  if (keepalive && !(interval === undefined || interval >= 1000)) throw new IdlePolicyError('keepalive.minIntervalMs', interval, '≥ 1000');
}
