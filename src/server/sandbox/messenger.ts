/**
 * The messenger processes of CONTRACT.md ("Jodo Messenger Dialer with TTS"):
 * in the background of the sandbox process, each record waiting at 10500 is
 * sent to its process's text-to-speech webhook; the audio that comes back
 * (or that its `audiourl` names) is kept, the record moves to 1001 and is
 * queued for the dialer, which calls it with no agent (dialer.ts). A failure
 * is written on the record (`ttsproblem`) and tried again with backoff.
 *
 * Nothing here runs inside a request: the import only marks the record, and
 * a webhook's answer is written in a transaction of its own. A record is
 * claimed before its request goes out (its next try moved past the timeout),
 * so two sandbox processes on one store never send it twice at once.
 */
import { LeadStatuses } from '../../api/codes.js';
import { formatJodoDateTime, isJodoDateTime } from '../../api/rules.js';
import { mp3Seconds, wavSeconds } from './audio.js';
import { speak, type Speech } from './speech-engine.js';
import { inWriteTransaction, sql, type SandboxDatabase } from './store.js';

/** The webhook of a process spoken by the sandbox's own engine (in-process, as `POST /sandbox/tts` would). */
export const SANDBOX_SPEECH = 'sandbox:tts';
export const DEFAULT_MESSAGE_TEMPLATE = 'Hello {{firstname}}, this is a reminder from Acme about your appointment.';
/** Requests for speech per import at most; then the record waits at 10500 until it is imported again. */
export const MAX_SPEECH_TRIES = 5;
export const MAX_TEMPLATE_CHARACTERS = 1000;

export interface MessengerTimings {
  /** How long a webhook (and an audio URL it names) may take to answer. */
  timeoutMs: number;
  /** The wait before the second try; each later one waits twice the one before. */
  firstRetryMs: number;
}

export const DEFAULT_MESSENGER_TIMINGS: MessengerTimings = { timeoutMs: 10_000, firstRetryMs: 2_000 };

/** Requests for speech out at once, across every messenger process. */
const AT_ONCE = 4;
/** A claim outlives its request by this much, so a process that died mid-request lets go of the record soon after. */
const CLAIM_MARGIN_MS = 5_000;
const MAX_AUDIO_BYTES = 16 * 1024 * 1024;
/** Seconds an MP3 is taken to play when its frames cannot be read. */
const UNKNOWN_MP3_SECONDS = 8;

interface Claim {
  id: number;
  fields: string;
  storedatetime: string;
  tts_generation: number;
  tts_tries: number;
  servicekey: string;
  tts_webhook: string;
  tts_template: string | null;
}

type Audio = { contentType: 'audio/wav' | 'audio/mpeg'; bytes: Buffer; seconds: number };

/** The payload of CONTRACT.md's webhook request for one record. */
export function webhookPayload(servicekey: string, recordId: number, fields: Record<string, unknown>, template: string) {
  const field = (name: string) => {
    const key = Object.keys(fields).find((k) => k.toLowerCase() === name);
    const value = key === undefined ? undefined : fields[key];
    return value === undefined || value === null ? '' : String(value).trim();
  };
  const name = field('name');
  const space = name.indexOf(' ');
  const split = !field('firstname') && !field('lastname');
  const firstname = split ? (space === -1 ? name : name.slice(0, space)) : field('firstname');
  const lastname = split ? (space === -1 ? '' : name.slice(space + 1).trim()) : field('lastname');
  const values: Record<string, string> = { firstname, lastname };
  const text = template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_, key: string) => values[key.toLowerCase()] ?? field(key.toLowerCase()));
  return { servicekey, leadnumber: field('leadnumber') || String(recordId), mobilenumber: field('mobilenumber'), name, firstname, lastname, text };
}

/** A webhook or audio URL the sandbox may fetch: http(s) and parseable (the control API, the CLI flag and `audiourl` alike). */
export function isHttpUrl(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The idempotency key of CONTRACT.md: one per record and import, the same on every retry. */
export const speechKey = (claim: Pick<Claim, 'servicekey' | 'id' | 'storedatetime'>) => `${claim.servicekey}:${claim.id}:${claim.storedatetime}`;

class SpeechProblem extends Error {}

async function readLimited(response: Response): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_AUDIO_BYTES) throw new SpeechProblem(`the audio is larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_AUDIO_BYTES) throw new SpeechProblem(`the audio is larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

/** The audio in an answer of type `type`, or why it is none. */
function audioOf(type: string, bytes: Buffer, from: string): Audio {
  if (/^audio\/(wav|x-wav|wave|vnd\.wave)$/.test(type)) {
    const seconds = wavSeconds(bytes);
    if (seconds === undefined) throw new SpeechProblem(`${from} is not a WAV file, though it says so`);
    return { contentType: 'audio/wav', bytes, seconds };
  }
  if (/^audio\/(mpeg|mp3)$/.test(type)) {
    if (bytes.length === 0) throw new SpeechProblem(`${from} is empty`);
    return { contentType: 'audio/mpeg', bytes, seconds: mp3Seconds(bytes) ?? UNKNOWN_MP3_SECONDS };
  }
  throw new SpeechProblem(`${from} is ${type || 'of no type'}, not audio/wav or audio/mpeg`);
}

const mediaType = (response: Response) => (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Why a fetch failed, in words for `ttsproblem`. */
function unreachable(error: unknown, what: string, timeoutMs: number): SpeechProblem {
  if (error instanceof SpeechProblem) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return new SpeechProblem(`${what} did not answer within ${timeoutMs / 1000} s`);
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return new SpeechProblem(`${what} could not be reached${code ? ` (${code})` : ''}`);
}

/** A JSON error's message, shortened, to say why an answer was refused. */
async function errorText(response: Response): Promise<string> {
  try {
    const body = JSON.parse(new TextDecoder().decode(await readLimited(response))) as unknown;
    const message = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['error'] : undefined;
    return typeof message === 'string' && message ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

export class Messenger {
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight = 0;
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: SandboxDatabase,
    private readonly clock: () => Date,
    readonly timings: MessengerTimings = DEFAULT_MESSENGER_TIMINGS,
    private readonly onError: (error: unknown) => void = () => {},
    /** The sandbox's own engine; tests pass one whose binary is missing. */
    private readonly engine: (text: unknown) => Promise<Speech> = speak,
  ) {}

  start(intervalMs = 200): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  /** Stops asking; requests out are abandoned (their records are asked again after the claim runs out). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
  }

  /** Sends the records that are due, as many as may be out at once; never waits for an answer. */
  tick(): void {
    if (this.stopping.signal.aborted || this.inFlight >= AT_ONCE) return;
    let claims: Claim[];
    try {
      claims = this.claim(AT_ONCE - this.inFlight);
    } catch (error) {
      // A busy store (another process writing) is tried again on the next tick.
      return this.onError(error);
    }
    for (const claim of claims) {
      this.inFlight++;
      void this.send(claim)
        .then((audio) => this.settle(claim, audio), (error: unknown) => this.settle(claim, unreachable(error, 'the webhook', this.timings.timeoutMs)))
        .catch((error: unknown) => this.onError(error))
        .finally(() => this.inFlight--);
    }
  }

  private claim(limit: number): Claim[] {
    const now = this.clock().getTime();
    // Looked for first without the write lock: most ticks find nothing, and another process may share the store.
    if (!sql(this.db, 'SELECT 1 FROM records WHERE tts_next_at <= ? LIMIT 1').get(now)) return [];
    return inWriteTransaction(this.db, () => {
      const due = sql(
        this.db,
        `SELECT r.id, r.fields, r.storedatetime, r.tts_generation, r.tts_tries, p.servicekey, p.tts_webhook, p.tts_template
         FROM records r JOIN processes p ON p.id = r.process_id
         WHERE r.tts_next_at <= ? AND r.leadstatus = ${LeadStatuses.AwaitingSpeech} AND p.tts_webhook IS NOT NULL
         ORDER BY r.tts_next_at, r.id LIMIT ?`,
      ).all(now, limit) as Claim[];
      const take = sql(this.db, 'UPDATE records SET tts_next_at = ?, tts_tries = tts_tries + 1 WHERE id = ?');
      for (const claim of due) take.run(now + this.timings.timeoutMs * 2 + CLAIM_MARGIN_MS, claim.id);
      return due;
    });
  }

  /** One request for speech: the audio, or a SpeechProblem saying why not. */
  private async send(claim: Claim): Promise<Audio> {
    const payload = webhookPayload(claim.servicekey, claim.id, JSON.parse(claim.fields) as Record<string, unknown>, claim.tts_template ?? DEFAULT_MESSAGE_TEMPLATE);
    if (claim.tts_webhook === SANDBOX_SPEECH) {
      const speech = await this.engine(payload.text);
      if (!speech.ok) throw new SpeechProblem(`the speech engine answered HTTP ${speech.status}: ${speech.error}`);
      return { contentType: 'audio/wav', bytes: speech.wav, seconds: speech.seconds };
    }
    const signal = () => AbortSignal.any([AbortSignal.timeout(this.timings.timeoutMs), this.stopping.signal]);
    const response = await fetch(claim.tts_webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'audio/wav, audio/mpeg, application/json', 'idempotency-key': speechKey(claim) },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: signal(),
    });
    const type = mediaType(response);
    if (response.status !== 200) throw new SpeechProblem(`the webhook answered HTTP ${response.status}${await errorText(response)}`);
    if (type !== 'application/json') return audioOf(type, await readLimited(response), "the webhook's answer");
    let audiourl: unknown;
    try {
      audiourl = (JSON.parse(new TextDecoder().decode(await readLimited(response))) as Record<string, unknown>)['audiourl'];
    } catch {
      throw new SpeechProblem("the webhook's JSON answer could not be read");
    }
    if (!isHttpUrl(audiourl)) throw new SpeechProblem('the webhook answered JSON without an http(s) audiourl');
    let audio: Response;
    try {
      audio = await fetch(audiourl, { headers: { accept: 'audio/wav, audio/mpeg' }, redirect: 'follow', signal: signal() });
    } catch (error) {
      throw unreachable(error, 'the audio URL', this.timings.timeoutMs);
    }
    if (audio.status !== 200) throw new SpeechProblem(`the audio URL answered HTTP ${audio.status}`);
    return audioOf(mediaType(audio), await readLimited(audio), 'the audio URL');
  }

  /** Writes what came of a request, unless the record was imported again meanwhile (then it is asked again anyway). */
  private settle(claim: Claim, outcome: Audio | SpeechProblem): void {
    if (this.stopping.signal.aborted) return;
    const now = this.clock();
    inWriteTransaction(this.db, () => {
      const current = sql(this.db, 'SELECT fields, tts_generation, leadstatus FROM records WHERE id = ?').get(claim.id) as
        | { fields: string; tts_generation: number; leadstatus: number }
        | undefined;
      if (!current || current.tts_generation !== claim.tts_generation || current.leadstatus !== LeadStatuses.AwaitingSpeech) return;
      if (outcome instanceof SpeechProblem) {
        const tries = claim.tts_tries + 1;
        const next = tries >= MAX_SPEECH_TRIES ? null : now.getTime() + this.timings.firstRetryMs * 2 ** (tries - 1);
        sql(this.db, 'UPDATE records SET tts_problem = ?, tts_next_at = ? WHERE id = ?').run(outcome.message, next, claim.id);
        return;
      }
      const audio = sql(this.db, 'INSERT INTO audio (content_type, bytes, seconds) VALUES (?, ?, ?)').run(outcome.contentType, outcome.bytes, outcome.seconds);
      const callAt = (JSON.parse(current.fields) as Record<string, unknown>)['callDateTime'];
      sql(
        this.db,
        `UPDATE records SET leadstatus = ${LeadStatuses.FreshCall}, audio_id = ?, tts_problem = NULL, tts_next_at = NULL,
         dial_status = 'queued', dial_at = ?, dial_priority = 1 WHERE id = ?`,
      ).run(audio.lastInsertRowid, isJodoDateTime(callAt) ? callAt : formatJodoDateTime(now), claim.id);
    });
  }
}
