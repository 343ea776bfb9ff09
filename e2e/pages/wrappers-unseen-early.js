// The instance first, then openapi-fetch's client module: its requests pass the SDK.
import { probe } from './wrappers-unseen-idle';
import { api } from '../recipes/static/api';

window.u = { ...probe, send: () => api.GET('/users/me').then((r) => r.response.status) };
