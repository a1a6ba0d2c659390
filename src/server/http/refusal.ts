/**
 * The one refusal of the server side: a request answered with a Jodo-shaped
 * failure (Jodo's code, or the gateway's, and its text) instead of being
 * carried out. The sandbox throws it for Jodo's refusals (HTTP 200, as Jodo
 * answers them) and the gateway for its own (with their HTTP status and
 * headers). An Error, so one that escapes to a log says where it came from.
 */
export class Refusal extends Error {
  constructor(
    readonly code: number,
    /** The answer's text; the code's own description (codes.ts) when absent. */
    readonly statusdesc?: string,
    readonly httpStatus = 200,
    /** Extra headers (`Retry-After`, `Allow`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(statusdesc ?? `refused with code ${code}`);
    this.name = 'Refusal';
  }
}
