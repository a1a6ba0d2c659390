/**
 * The schemas' checks and readers (zod/mini), for the client's calls other
 * than userStatus and a session answer it cannot read: modules of their own
 * with a bundler, fetched the first time they are needed, so a page that only
 * polls (every toolbar, first) reads its answers without them
 * (user-status-answer.ts). The script-tag bundle, one file, uses
 * schemas-loader.script-tag.ts instead (scripts/bundle.mjs swaps them): an
 * iife cannot split, and a dynamic import in it would only wrap the same code.
 */
export const loadSchemas = () =>
  Promise.all([import('./problems.js'), import('./response.js'), import('./schemas.js')]).then(([problems, response, schemas]) => ({
    ...problems,
    ...response,
    GatewaySessionResponse: schemas.GatewaySessionResponse,
  }));
