/**
 * What the autoloader (autoloader.ts) leaves on the page for the elements it
 * loads: every Jodo element hands it its shadow root when connected, so tags
 * an element renders (`<jodo-toolbar>`'s `<jodo-status>`, its panels) are
 * found and loaded as those in the page are. Without the autoloader (an app's
 * bundle, the single-file script) there is none, and nothing is done.
 */
export const AUTOLOADER_KEY = Symbol.for('jodo.autoloader');

export interface Autoloader {
  /** Loads the tags under `root` now, and any added to it later. Once per root. */
  watch(root: Document | ShadowRoot): void;
  /** Loads (and defines) `tag` ahead of its first use, once; resolves when it is defined. */
  load(tag: string): Promise<void>;
}

/** The page's autoloader, if it has one. */
export const autoloader = (): Autoloader | undefined => (globalThis as { [AUTOLOADER_KEY]?: Autoloader })[AUTOLOADER_KEY];
