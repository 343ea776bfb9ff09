// What openapi-typescript generates from the API's OpenAPI document, cut down to the two paths the recipes call.
import type { ServerTimeout } from 'idle-logout';

interface Get<T> {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: {
    200: { headers: { [name: string]: unknown }; content: { 'application/json': T } };
    401: { headers: { [name: string]: unknown }; content: { 'application/json': { status: number; code: string; message: string } } };
  };
}
interface Path<T> {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  get: Get<T>;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

export interface paths {
  '/tokens/timeout': Path<ServerTimeout>;
  '/users/me': Path<{ id: string; name: string }>;
}
