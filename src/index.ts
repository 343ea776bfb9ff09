export { createIdleLogout } from './create-idle-logout';
export { IdlePolicyError } from './errors/idle-policy-error';
export { TokenLoggedOutError } from './errors/token-logged-out-error';
export { connectHeartbeat } from './host/connect-heartbeat';
export { ACTIVITY_SOURCES, ERROR_CODES, IDLE_STATES, LOGOUT_REASONS } from './types/vocabulary';
export type * from './types/frames';
export type * from './types/memory';
export type * from './types/options';
export type * from './types/ui';
