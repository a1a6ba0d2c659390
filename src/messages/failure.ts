/**
 * A failed request in words an agent can act on. Raw error text (method
 * names, HTTP codes, the start of a body Jodo sent) never goes into the page:
 * it stays on the error object for logs. Jodo's own descriptions are shown
 * as Jodo sent them.
 */
import { msg, str } from '@lit/localize';
import { JodoApiError, JodoHttpError, JodoMalformedResponseError, JodoNetworkError, JodoTimeoutError } from '../api/errors.js';

export function failureMessage(error: unknown): string {
  if (error instanceof JodoNetworkError) return msg('Cannot reach Jodo. Check the network connection.');
  if (error instanceof JodoTimeoutError) return msg('Jodo is not answering. It may be busy or the connection slow.');
  if (error instanceof JodoHttpError) return error.transient ? msg('Jodo is unavailable right now.') : msg('Jodo refused the request. Ask your administrator to check the toolbar settings.');
  if (error instanceof JodoMalformedResponseError) return msg('Jodo sent an answer the toolbar cannot read.');
  // The gateway's "Jodo down", "too slow" and "slow down" are not refusals: they pass.
  const said = error instanceof JodoApiError ? error.description : '';
  if (error instanceof JodoApiError) return error.transient ? msg(str`Jodo is unavailable right now: ${said}.`) : msg(str`Jodo refused the request: ${said}.`);
  return msg('Something went wrong talking to Jodo.');
}

/** While the browser is offline the poller waits; the state shown is the last one known. */
export function offlineMessage(): string {
  return msg('You are offline: agent states will update when the connection is back.');
}
