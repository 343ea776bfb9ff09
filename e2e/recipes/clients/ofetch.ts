import { ofetch } from 'ofetch';
import { wrapFetch } from 'idle-logout';
import { auth } from './auth'; // your app's token store

// ofetch takes `fetch` in create's second argument (its global options).
export const api = ofetch.create(
  { baseURL: '/api/v2', onRequest: ({ options }) => options.headers.set('Authorization', `Bearer ${auth.accessToken}`) },
  { fetch: wrapFetch(fetch) },
);
