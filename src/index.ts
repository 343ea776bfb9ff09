export { createIdleLogout } from './create-idle-logout';
export { IdlePolicyError } from './errors/idle-policy-error';
export { TokenLoggedOutError } from './errors/token-logged-out-error';
export type * from './types/options';
