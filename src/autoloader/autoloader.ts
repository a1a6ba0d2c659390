/**
 * `jodo-autoloader.js`: the classic script a page without a build step adds
 * once. It defines each `<jodo-*>` element the first time its tag appears
 * (in the page, or in a Jodo element's shadow root: hook.ts) by importing
 * that element's module from beside this script, so a page pays only for the
 * elements it shows (scripts/autoload.mjs builds both; README has the tag).
 *
 * As Shoelace's and Web Awesome's autoloaders, with two differences: only the
 * tags the build names are loaded (a `jodo-` tag of the host's own costs no
 * request), and a module that fails to arrive is tried again (a network
 * hiccup at page load must not leave an agent without a toolbar all shift).
 */
import { AUTOLOADER_KEY, type Autoloader } from './hook.js';

/** The tags it can load, one per module in src/define/: written in by the build. */
declare const JODO_AUTOLOAD_TAGS: readonly string[];

/** Waits before a failed module is asked for again, ms; then the last, for good. */
const RETRY_MS = [1000, 3000, 10_000, 30_000];

const page = globalThis as { [AUTOLOADER_KEY]?: Autoloader };
if (page[AUTOLOADER_KEY]) {
  console.warn('The Jodo autoloader is already on this page; this copy does nothing.');
} else {
  // Only while this script runs: the modules are beside it, wherever the page put it.
  const base = new URL('./', (document.currentScript as HTMLScriptElement | null)?.src || location.href);
  const known = new Set(JODO_AUTOLOAD_TAGS);
  const loading = new Map<string, Promise<void>>();

  const fetchModule = async (tag: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        // A retry asks for another address: a failed module import is remembered by the page (HTML's module map).
        await import(new URL(`${tag}.js${attempt ? `?attempt=${attempt}` : ''}`, base).href);
        return;
      } catch (error) {
        const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
        console.warn(`The Jodo autoloader could not load <${tag}>; trying again in ${wait / 1000} s.`, error);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
  const load = (tag: string): Promise<void> => {
    if (!known.has(tag)) return Promise.reject(new Error(`<${tag}> is not a Jodo element`));
    let loaded = loading.get(tag);
    if (!loaded) loading.set(tag, (loaded = customElements.get(tag) ? Promise.resolve() : fetchModule(tag)));
    return loaded;
  };
  const discover = (root: ParentNode) => {
    if (root instanceof Element && known.has(root.localName)) void load(root.localName);
    for (const element of root.querySelectorAll(':not(:defined)')) if (known.has(element.localName)) void load(element.localName);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) discover(node);
  });
  const watched = new WeakSet<Document | ShadowRoot>();
  const watch = (root: Document | ShadowRoot) => {
    if (watched.has(root)) return;
    watched.add(root);
    discover(root);
    observer.observe(root, { childList: true, subtree: true });
  };
  page[AUTOLOADER_KEY] = { watch, load };
  watch(document);
}
