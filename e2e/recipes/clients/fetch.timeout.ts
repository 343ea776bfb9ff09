import { auth } from './auth';

export const timeoutFrom = () => fetch('/api/v2/tokens/timeout', { headers: { Authorization: `Bearer ${auth.accessToken}` } }).then((r) => r.json());
