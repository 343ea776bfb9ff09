import { api } from './openapi-fetch';

export const timeoutFrom = () => api.GET('/tokens/timeout').then(({ data, error }) => data ?? Promise.reject(error));
