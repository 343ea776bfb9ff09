export { createIdleLogout } from './create-idle-logout';
export { IdlePolicyError } from './errors/idle-policy-error';
export { TokenLoggedOutError } from './errors/token-logged-out-error';
export type * from './types/options';
export type * from './types/memory';
export type * from './types/ui';
export { connectHeartbeat } from './frames/connect-heartbeat';
export type * from './types/frames';
