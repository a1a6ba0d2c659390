/** The script tag's outbox-loader.ts: the outbox is in the one file already (see there). */
import * as outbox from './outbox.js';

export const loadOutbox = () => Promise.resolve(outbox);
