import * as app from './main-late';
import { expose } from './page';

expose(app);
