/**
 * For host pages that sign agents in themselves: the page's token comes as
 * `Authorization: Bearer <token>`, and `verify` (the CRM's own check: a JWT
 * library, an introspection call) turns it into an identity.
 */
import type { Authenticator, Identity } from './identity.js';

export function bearerAuthenticator(verify: (token: string) => Identity | undefined | Promise<Identity | undefined>): Authenticator {
  return (request) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? verify(match[1]!) : undefined;
  };
}
