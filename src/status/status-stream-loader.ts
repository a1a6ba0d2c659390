/**
 * How the status hub gets the event stream's reader (status-stream.ts): a
 * module of its own with a bundler, fetched once the gateway's session says it
 * streams (a round trip after the page's first status, which a poll shows),
 * so pages without a stream never load it. The script-tag bundle, one file,
 * uses status-stream-loader.script-tag.ts instead (scripts/bundle.mjs swaps them).
 */
export const loadStatusStream = () => import('./status-stream.js');
