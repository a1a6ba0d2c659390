/** The session cookie's names (a module of its own: the package's public types bring in no Hono types). */
export const SESSION_COOKIE = 'jodo_session';
/** The name over https: the `__Host-` prefix makes the browser refuse it unless Secure, for this host only, on every path. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
