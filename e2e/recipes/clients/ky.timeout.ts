import type { ServerTimeout } from 'idle-logout';
import { api } from './ky';

export const timeoutFrom = () => api.get('tokens/timeout').json<ServerTimeout>();
