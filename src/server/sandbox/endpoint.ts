/**
 * The Jodo endpoint: reads `data=<JSON>` in each form CONTRACT.md accepts,
 * runs the checks and the method in one transaction, and answers in the
 * document's shapes. Anything unexpected becomes a JSON failure, never a
 * stack trace.
 */
import { canonicalMethod, ORGANISATION_METHODS, type JodoMethod } from '../../api/codes.js';
import { DISPOSITION_PROCESSING_ERROR, FAIL, REALLOCATE_PROCESSING_ERROR, RECORDING_PROCESSING_ERROR, WRONG_FORMAT } from '../../api/status-codes.js';
import { isJsonObject } from '../../api/json.js';
import { checkApiKey, checkFields, checkServiceKey } from './checks.js';
import type { MethodContext } from './context.js';
import { METHOD_HANDLERS } from './methods/index.js';
import { Refusal, failure, type Reply } from './replies.js';
import { inWriteTransaction, type SandboxDatabase } from './store.js';

export const JODO_PATH = '/CustomerWebServices/handleCustomerWS';

export interface AnswerContext {
  db: SandboxDatabase;
  now: Date;
  recordingUrl(systemcallid: string, contentType?: string | null): string;
  /** Called with a short, secret-free line when something unexpected fails. */
  log(line: string): void;
}

/** The code for "something broke on our side", where the method's table has one. */
const PROCESSING_ERROR: Partial<Record<JodoMethod, number>> = {
  saveDisposition: DISPOSITION_PROCESSING_ERROR,
  reallocatedata: REALLOCATE_PROCESSING_ERROR,
  customer_recording: RECORDING_PROCESSING_ERROR,
  customer_multiple_recordings: RECORDING_PROCESSING_ERROR,
};

/** The answer to one parsed request. Total: every input gets a reply object. */
export function answer(request: unknown, ctx: AnswerContext): Reply {
  const { db, now } = ctx;
  const named = isJsonObject(request) ? request['method'] : undefined;
  const method = canonicalMethod(named);
  if (!isJsonObject(request) || !method) {
    const detail = !isJsonObject(request) ? 'data is not a JSON object' : 'unknown or missing method';
    return failure(typeof named === 'string' ? named : undefined, now, new Refusal(WRONG_FORMAT, `Wrong format of received request: ${detail}`));
  }
  try {
    return inWriteTransaction(db, () => {
      const apikey = checkApiKey(db, request);
      const process = ORGANISATION_METHODS.has(method) ? undefined : checkServiceKey(db, apikey, request);
      checkFields(method, request);
      const context: MethodContext = { db, now, apikey, recordingUrl: ctx.recordingUrl, ...(process ? { process } : {}) };
      return METHOD_HANDLERS[method](request, context);
    });
  } catch (error) {
    if (error instanceof Refusal) return failure(method, now, error);
    ctx.log(`sandbox: ${method} failed unexpectedly: ${error instanceof Error ? error.name : 'error'}`);
    const code = PROCESSING_ERROR[method];
    return failure(method, now, code ? new Refusal(code) : new Refusal(FAIL, 'Error while processing'));
  }
}
