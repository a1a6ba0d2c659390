/** Absolute web addresses (`http://…`, `https://…`), or a path on this page's own origin (`/jodo/recordings/…`, as the gateway links them). */
const WEB_ADDRESS = /^(https?:\/\/|\/(?![/\\]))/i;

/**
 * The one gate between a recording link Jodo sent and the page: the link as
 * an absolute `http:`/`https:` URL (a root path resolved against
 * `document.baseURI`, so on the page's own origin), or `undefined` for
 * anything else: `javascript:`, `data:`, `blob:`, `//other-host`, other
 * relative paths, junk, a scheme split by tabs or newlines. Only what this
 * returns may reach `audio.src`, an `href` or the clipboard.
 */
export function safeRecordingUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!WEB_ADDRESS.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text, typeof document === 'undefined' ? undefined : document.baseURI);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return undefined;
  return url.href;
}
