// The size budget (`npx size-limit`, run by the size test in `npm test`):
// gzip bytes a page downloads for the toolbar. Limits sit just above today's
// sizes so any growth fails CI; bench/RESULTS.md has the aims
// (script tag <= 20 KB, one element <= 12 KB) beside these numbers and what
// stands between them. The script tag and its languages are measured as
// built (`node scripts/bundle.mjs` writes dist/); one element alone is its
// ESM entry bundled with Lit, as an app's bundler would. JODO_BUNDLE_DIR
// points at another build of the script tag (the size test builds its own).
import { AUTOLOADER_NAME, AUTOLOAD_DIR, AUTOLOAD_TAGS, filesBefore, readAutoload } from './scripts/autoload.mjs';

const dir = process.env.JODO_BUNDLE_DIR ?? 'dist';
/** The autoloader's build (scripts/autoload.mjs) beside the script tag: what a page fetches through it. */
const autoload = readAutoload(`${dir}/${AUTOLOAD_DIR}`);
const autoloaded = (name, tags, limit) => ({ name, path: filesBefore(autoload, tags).map((file) => `${dir}/${AUTOLOAD_DIR}/${file}`), gzip: true, disablePlugins: ['@size-limit/esbuild'], limit });
/**
 * Through the autoloader, each element costs its module and the chunks it imports (gzip file by file, as a
 * browser fetches them; chunks shared with elements already on the page are fetched once). Limits just above
 * today's sizes; the aims (the first paint at most 20 KB, the loader at most 3 KB) are in bench/RESULTS.md.
 */
const AUTOLOAD_LIMITS = {
  'jodo-call-guide': '40.0 KB', // -2.7 KB: userStatus, the toolbar's first and every poll, checked and read without zod (src/api/user-status-answer.ts, held to the schemas by a test), the schemas fetched on the client's first other call (schemas-loader.ts); 
  'jodo-click-to-call': '24.3 KB', // +0.3 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; 
  'jodo-diagnostics': '27.5 KB', // +0.1 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending)
  'jodo-disposition': '30.7 KB', // +0.3 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.1 KB: the timers' English written without Intl (src/format/duration.ts)
  'jodo-messenger': '39.5 KB', // +0.6 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; 
  'jodo-outbox': '23.9 KB', // +0.1 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; 
  'jodo-provider': '29.8 KB', // -10.2 KB: userStatus, the toolbar's first and every poll, checked and read without zod (src/api/user-status-answer.ts, held to the schemas by a test), the schemas fetched on the client's first other call (schemas-loader.ts); 
  'jodo-recording-player': '22.6 KB', // +0.2 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending)
  'jodo-status': '19.3 KB', // +0.4 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.05 KB: the timers' English written without Intl (src/format/duration.ts)
  'jodo-team-board': '40.2 KB', // -2.8 KB: userStatus, the toolbar's first and every poll, checked and read without zod (src/api/user-status-answer.ts, held to the schemas by a test), the schemas fetched on the client's first other call (schemas-loader.ts); +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending)
  'jodo-toolbar': '18.6 KB', // +0.2 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.5 KB: it follows the agent's state (the call's panels fetched as a call comes: its status controller, in a chunk of its own here); +0.3 KB: the docked toolbar's cards (no layout shift)
};
if (autoload.size && AUTOLOAD_TAGS.some((tag) => !AUTOLOAD_LIMITS[tag])) throw new Error(`.size-limit.js: no autoloader budget for ${AUTOLOAD_TAGS.filter((tag) => !AUTOLOAD_LIMITS[tag])}`);
/**
 * As the package's own builds: ES2021, ESM, licence comments left out (an
 * app's bundler keeps one copy). The languages and `<jodo-provider
 * call-from-url>`'s address reader stay out: an app's bundler splits each
 * into a chunk of its own, loaded only when chosen (the reader has a check
 * of its own below), and so does `<jodo-toolbar>`'s `<jodo-diagnostics>`,
 * loaded when the agent first opens it, and the client's schemas (zod/mini:
 * its checks and readers), loaded on its first call other than userStatus.
 */
const asBuilt = (config) => ({
  ...config,
  format: 'esm',
  target: 'es2021',
  legalComments: 'none',
  external: [...(config.external ?? []), './locales/*', './call-from-url.js', '../../define/jodo-diagnostics.js', './schemas-loader.js'],
});

const element = (tag, limit) => ({
  name: `<${tag}> alone (ESM entry, Lit included)`,
  path: `src/define/${tag}.ts`,
  import: '*',
  gzip: true,
  modifyEsbuildConfig: asBuilt,
  limit,
});

export default [
  ...(autoload.size
    ? [
        { name: 'autoloader: jodo-autoloader.js', path: `${dir}/${AUTOLOAD_DIR}/${AUTOLOADER_NAME}`, gzip: true, disablePlugins: ['@size-limit/esbuild'], limit: '0.8 KB' },
        autoloaded("legacy page's first paint through the autoloader: the loader, <jodo-provider>, <jodo-toolbar> and <jodo-status>", ['jodo-provider', 'jodo-toolbar', 'jodo-status'], '40.0 KB'), // -10.1 KB: userStatus, the toolbar's first and every poll, checked and read without zod (src/api/user-status-answer.ts, held to the schemas by a test), the schemas fetched on the client's first other call (schemas-loader.ts); +0.2 KB: the toolbar follows the agent's state (the call's panels fetched as a call comes); +0.2 KB: the toolbar's cards (no layout shift)
        ...AUTOLOAD_TAGS.map((tag) => autoloaded(`<${tag}> through the autoloader: the loader, its module and the chunks it imports`, [tag], AUTOLOAD_LIMITS[tag])),
      ]
    : []),
  { name: 'script-tag bundle: every element and the client', path: `${dir}/jodo-toolbar.js`, gzip: true, limit: '81.2 KB' }, // +0.8 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.1 KB: the call guide in the page from its panel's first opening, and the call's panels fetched as a call comes (the toolbar follows the agent's state); +0.2 KB: the page's context root attached by whichever element registers first, and the autoloader's hook; +0.3 KB: docked, an open panel and the open wrap-up form are cards laid over the page beside the bar (no layout shift when a call pops the customer or Wrapup opens the form); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only); +0.1 KB: the outbox's IndexedDB transactions cut off at pagehide and done again on pageshow (WebKit held the database for every later page); +0.1 KB: <jodo-call-guide> split by job (its lookup, save rules, failure words and call script in modules of their own: +0.06 KB, as gzip sees the moved code); +0.3 KB: the outbox split by job and its waiting reasons stored as facts, worded when shown; +0.2 KB: the status hub split into its poller, tab link and page events (src/status/), the wiring between them; +0.2 KB: the session-url answer parsed by its schema (GatewaySessionResponse) with a typed error (JodoSessionError), and the lookup's controller that starts it again after a move; +0.2 KB: Jodo's clock shared across tabs; +3.6 KB: <jodo-diagnostics> (a classic script holds every element: diagnostics-loader.script-tag.ts); +0.7 KB: the provider's request log and Jodo clock (src/requests/request-log.ts) and the client's observe hook; +5.4 KB: <jodo-messenger>; +1.3 KB: <jodo-provider call-from-url>'s address reader (its check, the refusal notice and its styles), which a classic script, one file, must hold (imported statically: call-from-url-loader.script-tag.ts)
  { name: 'script-tag language file: Hindi', path: `${dir}/jodo-toolbar.hi.js`, gzip: true, limit: '11.9 KB' }, // -0.3 KB: failures other than an element's own codes said in one set of words (messages/failure.ts); +1.4 KB: <jodo-diagnostics>'s messages; +1.4 KB: <jodo-messenger>'s messages and call-from-url's notice
  { name: 'script-tag language file: Arabic', path: `${dir}/jodo-toolbar.ar.js`, gzip: true, limit: '11.5 KB' }, // -0.2 KB: failures other than an element's own codes said in one set of words (messages/failure.ts); +1.3 KB: <jodo-diagnostics>'s messages; +1.4 KB: <jodo-messenger>'s messages and call-from-url's notice
  element('jodo-status', '11.8 KB'), // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only);  the poll's problem worded here, where it is shown (src/messages/failure.ts), no longer by the poller; the freshness helpers apart from the hub and Jodo's codes written in place took as much off
  {
    name: '<jodo-provider call-from-url>: the provider and its address reader, loaded on first use',
    path: ['src/define/jodo-provider.ts', 'src/elements/provider/call-from-url.ts'],
    import: { 'src/define/jodo-provider.ts': '*', 'src/elements/provider/call-from-url.ts': '{ UrlCallReader }' },
    gzip: true,
    modifyEsbuildConfig: asBuilt,
    limit: '34.6 KB', // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.2 KB: the status hub split (as the provider's); +0.3 KB: the session-url answer parsed by its schema (GatewaySessionResponse) with a typed error (JodoSessionError), and the lookup's controller that starts it again after a move (as the provider's); +0.9 KB: the request log and Jodo clock (shared across tabs), as the provider's
  },
  element('jodo-provider', '22.7 KB'), // -10.0 KB: userStatus, the toolbar's first and every poll, checked and read without zod (src/api/user-status-answer.ts, held to the schemas by a test), the schemas fetched on the client's first other call (schemas-loader.ts); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); +0.2 KB: the status hub split into its poller, tab link and page events (src/status/), the wiring between them; +0.3 KB: the session-url answer parsed by its schema (GatewaySessionResponse) with a typed error (JodoSessionError), and the lookup's controller that starts it again after a move; +0.8 KB: the request log (the last 100 requests, no bodies) and the Jodo clock skew estimate (shared from the polling tab), with the client's observe hook; +0.3 KB: call-from-url, call-params and the call's sessionid, and the loader of the address reader (the reader itself is loaded on first use: the check above); +0.6 KB: the bearer token source (token-url, getToken) and the client's one retry on 9401; +0.1 KB: the gateway's codes 9409 and 9503
  element('jodo-disposition', '17.3 KB'), // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.05 KB: the timers' English written without Intl (src/format/duration.ts: no 20 ms Intl set-up at start); +0.03 KB: the opener stays (pressed) while the form is open; +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only);  +0.1 KB: its own checks and outcome list in a module of their own (wrap-up-checks.ts, +0.05 KB); +0.1 KB: failures other than saveDisposition's own codes said as every element says them (messages/failure.ts, which the toolbar and the script tag hold anyway: both 0.2 KB smaller); +0.1 KB: callbacks by Jodo's clock
  element('jodo-recording-player', '15.6 KB'), // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only)
  element('jodo-call-guide', '27.2 KB'), // +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only)
  element('jodo-outbox', '12.8 KB'), // +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only)
  element('jodo-click-to-call', '15.6 KB'), // +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only)
  element('jodo-team-board', '30.0 KB'), // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.05 KB: the timers' English written without Intl (src/format/duration.ts: no 20 ms Intl set-up at start); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only)
  element('jodo-messenger', '33.1 KB'), // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only);  the client's record rules (zod/mini) and <jodo-recording-player> included
  element('jodo-diagnostics', '14.6 KB'), // +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.05 KB: the timers' English written without Intl (src/format/duration.ts: no 20 ms Intl set-up at start); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only);  its report builder, the outbox's reasons and the controllers it shares with the others
  {
    name: '<jodo-toolbar> and its <jodo-diagnostics>, loaded on first use',
    path: ['src/define/jodo-toolbar.ts', 'src/define/jodo-diagnostics.ts'],
    import: { 'src/define/jodo-toolbar.ts': '*', 'src/define/jodo-diagnostics.ts': '{ JodoDiagnostics }' },
    gzip: true,
    modifyEsbuildConfig: asBuilt,
    limit: '61.8 KB', // +1.0 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.1 KB: the call guide in the page from its panel's first opening, and the call's panels fetched as a call comes (the toolbar follows the agent's state); +0.2 KB: the context root and the autoloader's hook (as every element's); +0.3 KB: docked, an open panel and the open wrap-up form are cards laid over the page beside the bar (no layout shift when a call pops the customer or Wrapup opens the form); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only); +0.1 KB: the outbox's IndexedDB transactions cut off at pagehide and done again on pageshow (WebKit held the database for every later page); +0.1 KB: <jodo-call-guide> split by job (+0.09 KB, as the toolbar's); +0.2 KB: the outbox split and its reasons worded when shown (as the toolbar's below); +0.2 KB: its provider's status hub split; +0.3 KB: its provider's session-url schema, typed error and lookup controller (as the provider's); the toolbar's own check below plus what the diagnostics add when first opened (3.5 KB)
  },
  element('jodo-toolbar', '58.3 KB'), // +1.0 KB: userStatus checked and read without zod (src/api/user-status-answer.ts) beside the schemas, which are here anyway; +0.05 KB: an element waits quietly for a provider not defined yet (JodoElement.providerPending); +0.1 KB: the call guide in the page from its panel's first opening, and the call's panels fetched as a call comes (the toolbar follows the agent's state); +0.05 KB: the timers' English written without Intl (src/format/duration.ts: no 20 ms Intl set-up at start); +0.3 KB: docked, an open panel and the open wrap-up form are cards laid over the page beside the bar (no layout shift when a call pops the customer or Wrapup opens the form); +0.3 KB: the page's context root, attached by whichever element registers first (context-root.ts: an element that upgrades before its provider, as the autoloader's may, finds it); -0.5 KB: the design tokens' descriptions out of the page (src/styles/token-docs.ts, for the manifest only);  +0.1 KB: the outbox's IndexedDB transactions cut off at pagehide and done again on pageshow (WebKit held the database for every later page); +0.3 KB: the outbox split by job and its waiting reasons stored as facts, worded when shown; +0.2 KB: its provider's status hub split (as the provider's); +0.3 KB: its provider's session-url schema, typed error and lookup controller (as the provider's); +1.0 KB: the provider's request log and Jodo clock (shared across tabs), the help popover's Diagnostics button and the loader of <jodo-diagnostics> (the element itself is loaded on first use: the check above); +0.2 KB: its provider's call-from-url (as the provider's); +0.1 KB: the recording player's servicekey
];
