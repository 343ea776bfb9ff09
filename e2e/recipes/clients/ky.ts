import ky from 'ky';
import { wrapFetch } from 'idle-logout';
import { auth } from './auth'; // your app's token store

export const api = ky.create({
  prefix: '/api/v2',
  fetch: wrapFetch(fetch),
  hooks: { beforeRequest: [({ request }) => request.headers.set('Authorization', `Bearer ${auth.accessToken}`)] },
});
