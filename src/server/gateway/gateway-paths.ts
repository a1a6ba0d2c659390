/** The gateway's paths: which requests are its own, and the bounded name of each route for metrics and logs. */

/** Whether a request's URL is under the gateway's base path. */
export function ownsPath(basePath: string, url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0]!;
  return path === basePath || path.startsWith(`${basePath}/`);
}

/** The metrics' and the log's name for a gateway path (bounded: never a login or an id). */
export function routeOf(basePath: string, path: string): string {
  if (path === basePath) return 'jodo';
  const first = path.slice(basePath.length + 1).split('/')[0]!;
  return ['login', 'session', 'sessions', 'recordings', 'events', 'healthz', 'readyz'].includes(first) ? first : 'other';
}
