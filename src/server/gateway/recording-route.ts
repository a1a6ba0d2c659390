/**
 * `GET <base>/recordings/<systemcallid>`: the recording of a call in one of
 * the caller's processes, streamed through the gateway from Jodo's recording
 * server (and from no other origin), so a browser never holds Jodo's link.
 */
import { CALL_NOT_FOUND, NO_JODO_ANSWER, WRONG_FORMAT } from '../../api/status-codes.js';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, Hono } from 'hono';
import type { GatewayEnv } from './gateway-env.js';
import type { JodoCaller } from './jodo-caller.js';
import { RecordingLinks, streamRecording } from './recordings.js';
import { Refusal } from './refusal.js';
import { fetchOverSocket } from './socket-fetch.js';

const RECORDING_ID = /^\d{1,32}$/;

export interface RecordingRouteOptions {
  basePath: string;
  jodo: JodoCaller;
  upstreamUrl: () => string;
  /** Origins recordings may come from; default the upstream's own. */
  recordingOrigins: readonly string[] | undefined;
  /** How recordings are fetched; default `fetch`, over the upstream's socket for its own origin when it has one. */
  fetch: typeof fetch | undefined;
  upstreamSocketPath: string | undefined;
  timeoutMs: number;
  now: () => number;
  signedIn: (c: Context<GatewayEnv>, next: () => Promise<void>) => Promise<Response | void>;
  refuse: (c: Context<GatewayEnv>, refused: Refusal) => Response;
  log: (line: string) => void;
}

export function recordingRoute(app: Hono<GatewayEnv>, options: RecordingRouteOptions): void {
  const { basePath, upstreamUrl, timeoutMs, signedIn, refuse, log } = options;
  const links = new RecordingLinks(
    (servicekey, systemcallid) => options.jodo.recordingUrl(servicekey, systemcallid),
    () => options.recordingOrigins ?? [new URL(upstreamUrl()).origin],
    undefined,
    options.now,
  );
  // Recordings on the upstream's own origin come over its socket when it has one (the in-process sandbox).
  const overSocket = options.upstreamSocketPath ? fetchOverSocket(options.upstreamSocketPath) : undefined;
  const fetchRecording: typeof fetch =
    options.fetch ?? (overSocket ? (input, init) => (new URL(String(input)).origin === new URL(upstreamUrl()).origin ? overSocket(input, init) : fetch(input, init)) : fetch);

  app.all(
    `${basePath}/recordings/:id`,
    (c, next) => (RECORDING_ID.test(c.req.param('id') ?? '') ? next() : refuse(c, new Refusal(WRONG_FORMAT, 'No such gateway route', 404))),
    signedIn,
    async (c) => {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return refuse(c, new Refusal(WRONG_FORMAT, 'Recordings are read with GET', 405, { allow: 'GET, HEAD' }));
      const url = await links.find(c.get('identity'), c.req.param('id')!);
      if (!url) return refuse(c, new Refusal(CALL_NOT_FOUND, 'No recording of this call in your processes', 404));
      if (!(await streamRecording(c.env.incoming, c.env.outgoing, url, fetchRecording, timeoutMs))) {
        log('gateway: a recording could not be fetched from Jodo');
        return refuse(c, new Refusal(NO_JODO_ANSWER, 'The recording could not be fetched from Jodo', 502));
      }
      return RESPONSE_ALREADY_SENT;
    },
  );
}
