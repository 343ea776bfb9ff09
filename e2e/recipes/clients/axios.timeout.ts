import { api } from './axios';

export const timeoutFrom = () => api.get('/tokens/timeout').then((r) => r.data);
