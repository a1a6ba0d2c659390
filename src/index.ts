/** Public, side-effect-free entry for browsers and Node: the typed client and the code tables. */
export * from './api/index.js';
