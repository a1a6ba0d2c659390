/**
 * A failed request in words an agent can act on. Raw error text (method
 * names, HTTP codes, the start of a body Jodo sent) never goes into the page:
 * it stays on the error object for logs.
 */
import { JodoApiError, JodoHttpError, JodoMalformedResponseError, JodoNetworkError, JodoTimeoutError } from '../api/errors.js';

export function failureMessage(error: unknown): string {
  if (error instanceof JodoNetworkError) return 'Cannot reach Jodo. Check the network connection.';
  if (error instanceof JodoTimeoutError) return 'Jodo is not answering. It may be busy or the connection slow.';
  if (error instanceof JodoHttpError) return error.transient ? 'Jodo is unavailable right now.' : 'Jodo refused the request. Ask your administrator to check the toolbar settings.';
  if (error instanceof JodoMalformedResponseError) return 'Jodo sent an answer the toolbar cannot read.';
  // The gateway's "Jodo down", "too slow" and "slow down" are not refusals: they pass.
  if (error instanceof JodoApiError) return error.transient ? `Jodo is unavailable right now: ${error.description}.` : `Jodo refused the request: ${error.description}.`;
  return 'Something went wrong talking to Jodo.';
}
