/** The browser-safe wire: client, codes, schemas, errors. No Node-only imports here. */
export * from './client.js';
export * from './codes.js';
export * from './method-status.js';
export * from './errors.js';
export * from './gateway-session.js';
export * from './json.js';
export * from './problems.js';
export * from './response.js';
export * from './rules.js';
export * as schemas from './schemas.js';
