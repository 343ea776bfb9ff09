import { api } from './ofetch';

export const timeoutFrom = () => api('/tokens/timeout');
