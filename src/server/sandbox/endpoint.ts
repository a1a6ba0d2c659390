/**
 * The Jodo endpoint: reads `data=<JSON>` in each form CONTRACT.md accepts,
 * runs the checks and the method in one transaction, and answers in the
 * document's shapes. Anything unexpected becomes a JSON failure, never a
 * stack trace.
 */
import { canonicalMethod, type JodoMethod } from '../../api/codes.js';
import { isJsonObject, parseJodoJson } from '../../api/json.js';
import { checkApiKey, checkFields, checkServiceKey } from './checks.js';
import type { MethodContext } from './context.js';
import { METHOD_HANDLERS } from './methods/index.js';
import { Refusal, failure, type Reply } from './replies.js';
import type { SandboxDatabase } from './store.js';

export const JODO_PATH = '/CustomerWebServices/handleCustomerWS';

/** Methods addressed to the organisation, without a servicekey. */
const ORGANISATION_METHODS: ReadonlySet<JodoMethod> = new Set<JodoMethod>(['addEditUser', 'deleteUser']);

/**
 * The JSON text of a request. `curl -d "data={...}"` sends the JSON without
 * percent-encoding, so when the value after `data=` starts with `{` or `[`
 * the rest of the body is taken as it is (a `+` stays a plus).
 */
export function requestText(httpMethod: string, url: URL, contentType: string, body: string): string | undefined {
  if (httpMethod === 'GET' || httpMethod === 'HEAD') return url.searchParams.get('data') ?? undefined;
  if (/^application\/json\b/i.test(contentType)) return body;
  const raw = /^\s*data=\s*([{[])/.exec(body);
  if (raw) return body.slice(body.indexOf(raw[1]!));
  const data = new URLSearchParams(body).get('data');
  if (data !== null) return data;
  return /^\s*[{[]/.test(body) ? body : undefined;
}

/** The method a request text names, if it parses; for routing faults before the real answer. */
export function requestMethod(text: string | undefined): JodoMethod | undefined {
  try {
    const request = text === undefined ? undefined : parseJodoJson(text);
    return isJsonObject(request) ? canonicalMethod(request['method']) : undefined;
  } catch {
    return undefined;
  }
}

export interface AnswerContext {
  db: SandboxDatabase;
  now: Date;
  recordingUrl(systemcallid: string): string;
  /** Called with a short, secret-free line when something unexpected fails. */
  log(line: string): void;
}

/** The answer to one request text. Total: every input gets a reply object. */
export function answer(text: string | undefined, ctx: AnswerContext): Reply {
  const { db, now } = ctx;
  let request: unknown;
  try {
    request = text === undefined ? undefined : parseJodoJson(text);
  } catch {
    request = undefined;
  }
  const named = isJsonObject(request) ? request['method'] : undefined;
  const method = canonicalMethod(named);
  if (!isJsonObject(request) || !method) {
    const detail = !isJsonObject(request) ? 'data is not a JSON object' : 'unknown or missing method';
    return failure(typeof named === 'string' ? named : undefined, now, new Refusal(2, `Wrong format of received request: ${detail}`));
  }
  try {
    return db.transaction(() => {
      const apikey = checkApiKey(db, request);
      const process = ORGANISATION_METHODS.has(method) ? undefined : checkServiceKey(db, apikey, request);
      checkFields(method, request);
      const context: MethodContext = { db, now, apikey, recordingUrl: ctx.recordingUrl, ...(process ? { process } : {}) };
      return METHOD_HANDLERS[method](request, context);
    })();
  } catch (error) {
    if (error instanceof Refusal) return failure(method, now, error);
    ctx.log(`sandbox: ${method} failed unexpectedly: ${error instanceof Error ? error.name : 'error'}`);
    const code = method === 'saveDisposition' ? 111 : method === 'reallocatedata' ? 38 : method.startsWith('customer_') ? 1111 : 5;
    return failure(method, now, new Refusal(code, code === 5 ? 'Error while processing' : undefined));
  }
}
