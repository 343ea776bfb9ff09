import axios from 'axios';
import { axiosInterceptors } from 'idle-logout';
import { auth } from './auth'; // your app's token store

export const api = axios.create({ baseURL: '/api/v2' });
// Added before your own request interceptor: axios runs request interceptors last-added first, and these must see
// the Authorization header.
const idle = axiosInterceptors();
api.interceptors.request.use(idle.request);
api.interceptors.response.use(idle.response, idle.error);
api.interceptors.request.use((config) => {
  config.headers.Authorization = `Bearer ${auth.accessToken}`;
  return config;
});
