// Picks the adapter for this page.
import { facebook } from './facebook.js';
import { instagram } from './instagram.js';
import { generic } from './generic.js';

export function adapterFor(hostname) {
  if (/(^|\.)facebook\.com$/.test(hostname) || /(^|\.)messenger\.com$/.test(hostname)) return facebook;
  if (/(^|\.)instagram\.com$/.test(hostname)) return instagram;
  return generic;
}
