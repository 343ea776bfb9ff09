import createClient from 'openapi-fetch';
import type { paths } from '../clients/schema';

// No `wrapFetch`: openapi-fetch takes the global `fetch` as it is when createClient runs.
export const api = createClient<paths>({ baseUrl: '/api/v2' });
api.use({
  onRequest({ request }) {
    request.headers.set('Authorization', `Bearer ${sessionStorage.getItem('access_token')}`);
  },
});
