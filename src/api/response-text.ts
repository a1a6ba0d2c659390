/**
 * A response body as text that gives up as soon as `signal` aborts. Node's fetch (undici) can stall
 * for good on a body that ends with the connection, without a length, in a Content-Encoding it
 * cannot decode (a proxy's bogus `gzip`), and then ignores the abort: a timeout must not depend on it.
 */
export function responseText(response: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    response
      .text()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
