import { idle } from './idle'; // first: ES modules run in import order, so the instance exists before ./api runs
import { api } from './api';

export { api, idle };
