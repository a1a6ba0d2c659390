/**
 * The typed client of the Jodo Customer Web Service: one method per API
 * method, in browsers and in Node 20. It validates before sending, speaks
 * the form-encoded wire of CONTRACT.md, and returns one normalized result
 * or throws one typed error (see errors.ts).
 */
import { ORGANISATION_METHODS, READ_ONLY_METHODS, type JodoMethod } from './codes.js';
import { NOT_SIGNED_IN } from './status-codes.js';
import {
  JodoApiError,
  JodoError,
  JodoHttpError,
  JodoNetworkError,
  JodoTimeoutError,
  JodoValidationError,
  type ValidationIssue,
} from './errors.js';
import { newIdempotencyKey } from './idempotency-key.js';
import { isJsonObject } from './json.js';
import type { JodoResult } from './response.js';
import { loadSchemas } from './schemas-loader.js';
import { isUserStatusRequestValid, readUserStatusAnswer } from './user-status-answer.js';
import { responseText } from './response-text.js';
import { formatJodoDateTime } from './rules.js';
import type { RequestOf } from './schemas.js';

export interface JodoClientOptions {
  /** URL of `handleCustomerWS`, or a same-origin gateway path such as `/jodo`. */
  endpoint: string;
  /** The organisation's key. Leave it out when a gateway adds it: it must never reach a browser. */
  apikey?: string;
  /** Used for every call that does not name its own servicekey. */
  servicekey?: string;
  /** A fetch implementation; the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds to wait for each answer; 0 or Infinity waits as long as the network does. Default 15 000. */
  timeoutMs?: number;
  /** Extra attempts for read-only methods after a network error, a timeout or a 5xx. Default 2. */
  retries?: number;
  /** First back-off delay in milliseconds; doubles per attempt, with full jitter. Default 300. */
  retryDelayMs?: number;
  /** Ceiling of one back-off delay. Default 5 000. */
  maxRetryDelayMs?: number;
  /** Headers sent with every request (e.g. an authorisation header for a gateway). */
  headers?: Record<string, string>;
  /**
   * The agent's bearer token from the CRM's own sign-in, sent as `Authorization: Bearer …`: asked
   * for before every request. When the gateway answers 9401 (the token expired on the way, say),
   * the request goes once more with `token({ refresh: true })`; writes keep their Idempotency-Key,
   * so a write resent this way is applied once.
   */
  token?: (options: { refresh: boolean }) => string | undefined | Promise<string | undefined>;
  /** The clock for `reqdatetime`; tests pass a fixed one. */
  now?: () => Date;
  /**
   * Told of every request once it has its answer or its failure (one call per attempt): for a
   * diagnostics log and the clock-skew estimate (`<jodo-provider>`'s `RequestLog`). It is given
   * no body, parameter or header, so nothing secret or personal can reach it.
   */
  observe?: (exchange: JodoExchange) => void;
}

/** One request as `observe` sees it: what happened, never what was said. */
export interface JodoExchange {
  method: JodoMethod;
  /** When it was sent (page clock, ms). */
  sentAt: number;
  /** Milliseconds until its answer or failure. */
  ms: number;
  /** `ok`, the kind of the typed error (`api`, `http`, `network`, `timeout`, `malformed-response`, `validation`), or `aborted`. */
  outcome: 'ok' | 'aborted' | JodoError['kind'];
  /** The answer's HTTP status, when one came. */
  httpStatus?: number;
  /** The status code Jodo (or the gateway) answered, when the answer had one. */
  code?: number;
  /** Jodo's clock when it answered, as it wrote it (`resdatetime`, else `timestamp`): `YYYY-MM-DD hh:mm:ss`. */
  serverTime?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  /** Extra headers for this call (later: the outbox's idempotency key). */
  headers?: Record<string, string>;
  /** Overrides the client's retries for this call (read-only methods only; writes are never retried). */
  retries?: number;
  /**
   * The key that makes a write idempotent behind the gateway: the same key
   * twice is applied once. A fresh one is made for every write when not given;
   * an outbox that resends a write passes the key of the first attempt.
   */
  idempotencyKey?: string;
}

/** Request parameters of a method; `servicekey` may be left to the client's default. */
export type Params<M extends JodoMethod> = M extends 'addEditUser' | 'deleteUser'
  ? RequestOf<M>
  : Omit<RequestOf<M>, 'servicekey'> & { servicekey?: string };

const DEFAULTS = { timeoutMs: 15_000, retries: 2, retryDelayMs: 300, maxRetryDelayMs: 5_000 };
/** The longest delay timers take (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The issues of a request (none when valid), through the schemas unless userStatus's own check takes it. */
async function issuesOf(method: JodoMethod, request: unknown): Promise<ValidationIssue[]> {
  if (method === 'userStatus' && isUserStatusRequestValid(request)) return [];
  return (await loadSchemas()).validateRequest(method, request);
}

export class JodoClient {
  private readonly options: Required<Pick<JodoClientOptions, keyof typeof DEFAULTS>> & JodoClientOptions;

  constructor(options: JodoClientOptions) {
    if (!options.endpoint) throw new TypeError('JodoClient needs an endpoint');
    // Field by field, so an explicit `undefined` still gets the default.
    this.options = {
      ...options,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: Math.max(0, Math.floor(options.retries ?? DEFAULTS.retries)),
      retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs,
    };
  }

  /** Pushes customer data (ImportProcessData); voice records with a valid number are dialled. */
  importProcessData(params: Params<'ImportProcessData'>, options?: CallOptions) {
    return this.call('ImportProcessData', params, options);
  }

  /** Reads customer data by mobile number(s), customer code, CRM key or store date range. */
  getProcessData(params: Params<'getProcessData'>, options?: CallOptions) {
    return this.call('getProcessData', params, options);
  }

  /** Gives a contact's scheduled data to another agent. */
  reallocateData(params: Params<'reallocatedata'>, options?: CallOptions) {
    return this.call('reallocatedata', params, options);
  }

  /** Saves the wrap-up of a call; the agent must be in Wrapup. Never retried automatically. */
  saveDisposition(params: Params<'saveDisposition'>, options?: CallOptions) {
    return this.call('saveDisposition', params, options);
  }

  /** The recording link of one call. */
  customerRecording(params: Params<'customer_recording'>, options?: CallOptions) {
    return this.call('customer_recording', params, options);
  }

  /** The recording links of several calls, each with its own status. */
  customerMultipleRecordings(params: Params<'customer_multiple_recordings'>, options?: CallOptions) {
    return this.call('customer_multiple_recordings', params, options);
  }

  /** Adds (`action: 'add'`) or edits (`'edit'`) a Jodo user. */
  addEditUser(params: Params<'addEditUser'>, options?: CallOptions) {
    return this.call('addEditUser', params, options);
  }

  /** Deletes a Jodo user by e-mail login. */
  deleteUser(params: Params<'deleteUser'>, options?: CallOptions) {
    return this.call('deleteUser', params, options);
  }

  /** Live state of one or more agents, in one request. */
  userStatus(params: Params<'userStatus'>, options?: CallOptions) {
    return this.call('userStatus', params, options);
  }

  /** Any method by its wire name. */
  async call<M extends JodoMethod>(method: M, params: Params<M>, options: CallOptions = {}): Promise<JodoResult<M>> {
    const body = await this.encode(method, await this.buildRequest(method, params as Record<string, unknown>));
    if (!READ_ONLY_METHODS.has(method)) {
      options = { ...options, headers: { ...options.headers, 'idempotency-key': options.idempotencyKey ?? newIdempotencyKey() } };
    }
    this.checkHeaders(method, options.headers);
    const retries = Math.max(0, Math.floor(options.retries ?? this.options.retries));
    const attempts = READ_ONLY_METHODS.has(method) ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendSignedIn(method, body, options);
      } catch (error) {
        const retry = attempt < attempts && error instanceof JodoError && error.transient && !options.signal?.aborted;
        if (!retry) throw error;
        const ceiling = Math.min(this.options.maxRetryDelayMs, this.options.retryDelayMs * 2 ** (attempt - 1));
        await sleep(Math.random() * ceiling, options.signal);
      }
    }
  }

  /** The JSON request for a method, validated; rejects with `JodoValidationError` and sends nothing when invalid. */
  async buildRequest(method: JodoMethod, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    // A caller without types (a page script) may pass anything, `null` included: only an object takes a default servicekey.
    const isObject = typeof params === 'object' && params !== null;
    const withKey = ORGANISATION_METHODS.has(method) || !isObject || params['servicekey'] !== undefined || this.options.servicekey === undefined
      ? params
      : { ...params, servicekey: this.options.servicekey };
    const issues = await issuesOf(method, withKey);
    if (issues.length) throw new JodoValidationError(method, issues);
    // The envelope is set last: no parameter can change the method, the key or the time.
    return {
      ...withKey,
      method,
      ...(this.options.apikey !== undefined ? { apikey: this.options.apikey } : {}),
      reqdatetime: formatJodoDateTime(this.options.now?.() ?? new Date()),
    };
  }

  /** The form body; a request JSON cannot express (a BigInt, a cycle) is a validation error, never a network one. */
  private async encode(method: JodoMethod, request: Record<string, unknown>): Promise<string> {
    let json: string | undefined;
    try {
      json = JSON.stringify(request);
    } catch (error) {
      throw new JodoValidationError(method, [{ field: 'request', message: `cannot be sent as JSON (${(error as Error).message})` }]);
    }
    // What goes on the wire is what was checked: a `toJSON` method among the params would otherwise
    // swap the request after validation, envelope included (another method, another key), or send `data=undefined`.
    const sent: unknown = json === undefined ? undefined : JSON.parse(json);
    const envelopeKept = isJsonObject(sent) && (['method', 'apikey', 'reqdatetime'] as const).every((key) => sent[key] === request[key]);
    if (json === undefined || !envelopeKept || (await issuesOf(method, sent)).length) {
      throw new JodoValidationError(method, [{ field: 'request', message: 'changes when sent as JSON (a toJSON method?)' }]);
    }
    return new URLSearchParams({ data: json }).toString();
  }

  /** Headers fetch would refuse (a line break, a control character, one beyond Latin-1) are the caller's mistake: not a network error, never retried. */
  private checkHeaders(method: JodoMethod, headers: CallOptions['headers']): void {
    let problem: string | undefined;
    try {
      for (const [name, value] of new Headers({ ...this.options.headers, ...headers })) {
        // Headers lets other control characters through; HTTP (and Node's fetch) does not.
        if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) problem = `the value of ${name} holds a control character`;
      }
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem) throw new JodoValidationError(method, [{ field: 'headers', message: `cannot be sent (${problem})` }]);
  }

  /** With a token source: the request with the agent's token, and once more with a new one if the gateway refused it. */
  private async sendSignedIn<M extends JodoMethod>(method: M, body: string, options: CallOptions): Promise<JodoResult<M>> {
    const { token } = this.options;
    if (!token) return this.send(method, body, options);
    for (let refresh = false; ; refresh = true) {
      let value: string | undefined;
      try {
        value = await token({ refresh });
      } catch (error) {
        // The CRM's token endpoint is away: as transient as the network.
        throw options.signal?.aborted ? abortError(options.signal) : new JodoNetworkError(method, error);
      }
      try {
        return await this.send(method, body, value ? { ...options, headers: { ...options.headers, authorization: `Bearer ${value}` } } : options);
      } catch (error) {
        const refused = (error instanceof JodoApiError && error.code === NOT_SIGNED_IN) || (error instanceof JodoHttpError && error.httpStatus === 401);
        if (refresh || !refused || options.signal?.aborted) throw error;
      }
    }
  }

  private async send<M extends JodoMethod>(method: M, body: string, options: CallOptions): Promise<JodoResult<M>> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const sentAt = Date.now();
    let httpStatus: number | undefined;
    let answer: Record<string, unknown> | undefined;
    let outcome: JodoExchange['outcome'] = 'ok';
    try {
      const response = await doFetch(this.options.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
          accept: 'application/json',
          ...this.options.headers,
          ...options.headers,
        },
        body,
        signal: controller.signal,
      });
      // Raced with the timer: the body can stall where fetch no longer hears the abort (response-text.ts).
      httpStatus = response.status;
      const text = await responseText(response, controller.signal);
      const result = (method === 'userStatus' ? (readUserStatusAnswer(response.status, text) as JodoResult<M> | undefined) : undefined) ?? (await loadSchemas()).parseJodoResponse(method, response.status, text);
      answer = result.raw;
      return result;
    } catch (error) {
      const failure = error instanceof JodoError ? error : signal?.aborted ? abortError(signal) : timedOut ? new JodoTimeoutError(method, timeoutMs) : new JodoNetworkError(method, error);
      outcome = failure instanceof JodoError ? failure.kind : 'aborted';
      if (failure instanceof JodoApiError) answer = failure.raw;
      throw failure;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.tell(method, sentAt, outcome, httpStatus, answer);
    }
  }

  /** Hands `observe` what happened (the code and Jodo's clock only, read from the answer); an observer's own error never fails a request. */
  private tell(method: JodoMethod, sentAt: number, outcome: JodoExchange['outcome'], httpStatus: number | undefined, answer: Record<string, unknown> | undefined): void {
    const { observe } = this.options;
    if (!observe) return;
    const status = answer?.['status'] ?? answer?.['statuscode'];
    const code = typeof status === 'number' || (typeof status === 'string' && /^\d{1,9}$/.test(status)) ? Number(status) : undefined;
    const clock = answer?.['resdatetime'] ?? answer?.['timestamp'];
    try {
      observe({
        method,
        sentAt,
        ms: Math.max(0, Date.now() - sentAt),
        outcome,
        ...(httpStatus !== undefined ? { httpStatus } : {}),
        ...(code !== undefined ? { code } : {}),
        ...(typeof clock === 'string' ? { serverTime: clock } : {}),
      });
    } catch {
      // Diagnostics are never worth a failed request.
    }
  }
}

/** What elements depend on, so a test can hand them any implementation through context. */
export type JodoApi = Pick<
  JodoClient,
  | 'importProcessData'
  | 'getProcessData'
  | 'reallocateData'
  | 'saveDisposition'
  | 'customerRecording'
  | 'customerMultipleRecordings'
  | 'addEditUser'
  | 'deleteUser'
  | 'userStatus'
  | 'call'
>;
