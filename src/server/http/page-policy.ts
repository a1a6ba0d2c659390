/**
 * The strict policy pages with the toolbar run under (the demo's, and an
 * app's served by `npm run gateway -- --static DIR`), as README asks of a CRM
 * page: nothing inline, nothing from elsewhere, no eval, Trusted Types for
 * every script sink. Lit's templates use the `lit-html` policy; a framework
 * may need its own beside it (Vue's `vue`, Svelte's `svelte-trusted-html`).
 */
/** A Trusted Types policy name as the CSP grammar allows it (letters, digits and `-#=_/@.%`). */
export const TRUSTED_TYPES_NAME = /^[A-Za-z0-9\-#=_/@.%]+$/;

/** The policy, with these Trusted Types policies allowed beside `lit-html`; throws on a name the grammar does not allow. */
export function pageCsp(trustedTypes: readonly string[] = []): string {
  const wrong = trustedTypes.find((name) => !TRUSTED_TYPES_NAME.test(name));
  if (wrong !== undefined) throw new Error(`${JSON.stringify(wrong)} is not a Trusted Types policy name`);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    `trusted-types ${['lit-html', ...trustedTypes.filter((name) => name !== 'lit-html')].join(' ')}`,
  ].join('; ');
}

/**
 * Headers every page carries besides the policy: no guessing a type from
 * content (a stored answer or upload read as a page), and no URL of an
 * agent's page (a customer's number in a query) sent to another origin.
 */
export const PAGE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' } as const;
