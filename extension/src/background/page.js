// Firefox's background script (an event page that holds the module).
import { engine } from './engine-local.js';
import { start } from './main.js';

start(engine);
