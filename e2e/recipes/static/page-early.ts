import * as app from './main';
import { expose } from './page';

expose(app);
