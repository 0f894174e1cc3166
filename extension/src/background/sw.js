// Chromium's background service worker. The classifier module lives in the
// offscreen document, which stays up when this worker is stopped.
import { engine } from './engine-offscreen.js';
import { start } from './main.js';

start(engine);
