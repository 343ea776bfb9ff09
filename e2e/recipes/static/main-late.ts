// The order that fails: ./api runs (and openapi-fetch takes the unpatched fetch) before ./idle creates the instance.
import { api } from './api';
import { idle } from './idle';

export { api, idle };
