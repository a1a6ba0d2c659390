/** Absolute web addresses only: `http://…` or `https://…`, written out in full. */
const WEB_ADDRESS = /^https?:\/\//i;

/**
 * The one gate between a recording link Jodo sent and the page: the link as
 * an absolute `http:`/`https:` URL (resolved against `document.baseURI` and
 * normalized), or `undefined` for anything else: `javascript:`, `data:`,
 * `blob:`, relative paths, junk, a scheme split by tabs or newlines. Only
 * what this returns may reach `audio.src`, an `href` or the clipboard.
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
