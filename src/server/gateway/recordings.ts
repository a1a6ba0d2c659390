/**
 * Recordings through the gateway's own origin. Jodo links recordings on its
 * own hosts, often plain http on a private network (the document's sample is
 * `http://192.168.2.127/...`), which an https CRM page can neither load nor
 * should see. The gateway answers recording methods with links to itself and
 * streams the audio from Jodo, Range requests included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { MEDIA_HEADERS } from './answers.js';
import type { Identity } from './identity.js';

/** Where the gateway serves a call's recording. */
export const recordingPath = (basePath: string, systemcallid: string) => `${basePath}/recordings/${encodeURIComponent(systemcallid)}`;

const SERVABLE_ID = /^\d{1,32}$/;

/** Sets the link field of an answer (any spelling of `recordingfilepath`) to the gateway's path, or empties it when no path can serve it. */
function relink(entry: Record<string, unknown>, systemcallid: unknown, basePath: string): boolean {
  const id = systemcallid === undefined || systemcallid === null ? '' : String(systemcallid).trim();
  let changed = false;
  for (const key of Object.keys(entry)) {
    if (key.toLowerCase() !== 'recordingfilepath' || typeof entry[key] !== 'string' || !entry[key]) continue;
    // Jodo's own link (often http on a private network) never reaches the browser.
    entry[key] = SERVABLE_ID.test(id) ? recordingPath(basePath, id) : '';
    changed = true;
  }
  return changed;
}

/** Points every recording link of an answer at the gateway; whether it found any. */
export function rewriteRecordingLinks(request: Record<string, unknown>, answer: Record<string, unknown>, basePath: string): boolean {
  let changed = relink(answer, request['systemcallid'], basePath);
  if (Array.isArray(answer['statusdata'])) {
    for (const entry of answer['statusdata'] as unknown[]) {
      if (typeof entry === 'object' && entry !== null && relink(entry as Record<string, unknown>, (entry as Record<string, unknown>)['systemcallid'], basePath)) changed = true;
    }
  }
  return changed;
}

interface Known {
  url: string;
  at: number;
}

/** Looks recordings up in Jodo (customer_recording, in the caller's own processes) and remembers them for a while. */
export class RecordingLinks {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly lookUp: (servicekey: string, systemcallid: string) => Promise<string | undefined>,
    /** Origins recordings may be fetched from (Jodo's recording servers): nothing else is ever fetched. */
    private readonly allowedOrigins: () => readonly string[],
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private allowed(url: string): boolean {
    try {
      return /^https?:$/.test(new URL(url).protocol) && this.allowedOrigins().includes(new URL(url).origin);
    } catch {
      return false;
    }
  }

  /**
   * Jodo's URL of a call's recording, if the call is in one of the caller's processes. Kept per
   * process and call: what one process's lookup found says nothing about the caller's other processes.
   */
  async find(identity: Identity, systemcallid: string): Promise<string | undefined> {
    const at = this.now();
    for (const servicekey of identity.servicekeys) {
      const id = `${servicekey.toLowerCase()}\u0000${systemcallid}`;
      const cached = this.known.get(id);
      if (cached && at - cached.at < this.ttlMs) return cached.url;
      const url = await this.lookUp(servicekey, systemcallid);
      if (url && this.allowed(url)) {
        if (this.known.size > 5000) this.known.clear();
        this.known.set(id, { url, at });
        return url;
      }
    }
    return undefined;
  }
}

const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

/** Streams Jodo's recording to the browser, passing Range through; stops Jodo's side when the browser goes away. */
export async function streamRecording(req: IncomingMessage, res: ServerResponse, url: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<boolean> {
  const controller = new AbortController();
  // One timer for the whole exchange, pushed back by every chunk: a stalled Jodo frees the connection.
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const stillAlive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  res.on('close', () => {
    clearTimeout(timer);
    controller.abort();
  });
  let upstream: Response;
  try {
    upstream = await fetchImpl(url, {
      method: req.method === 'HEAD' ? 'HEAD' : 'GET',
      // Byte ranges mean bytes: no compression that fetch would undo behind our Content-Length.
      headers: { 'accept-encoding': 'identity', ...(req.headers.range ? { range: req.headers.range } : {}) },
      // A redirect could lead anywhere (an internal address): not followed.
      redirect: 'manual',
      signal: controller.signal,
    });
  } catch {
    clearTimeout(timer);
    return false;
  }
  stillAlive();
  if (![200, 206, 416].includes(upstream.status) || upstream.headers.get('content-encoding')) {
    clearTimeout(timer);
    return false;
  }
  const headers: Record<string, string> = { ...MEDIA_HEADERS, 'cache-control': 'private, max-age=300', 'content-disposition': 'inline' };
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers[name] = value;
  }
  // Audio only: a link that turned into a page is not passed on as one.
  if (!/^(audio|video)\/|^application\/octet-stream/i.test(headers['content-type'] ?? '')) headers['content-type'] = 'application/octet-stream';
  res.writeHead(upstream.status, headers);
  if (!upstream.body || req.method === 'HEAD') {
    clearTimeout(timer);
    res.end();
    return true;
  }
  Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)
    .on('data', stillAlive)
    .on('end', () => clearTimeout(timer))
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}
