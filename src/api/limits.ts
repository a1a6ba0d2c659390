/**
 * Request size limits, apart from the schemas so that elements and the poller
 * that only need the numbers do not bring zod with them.
 */
/** Records per ImportProcessData request: a day's campaign list fits, a runaway loop does not. */
export const MAX_RECORDS = 10_000;
/** Logins per userStatus and ids per multiple-recordings request: a whole floor, not a scan of the tenant. */
export const MAX_IDS = 1_000;
/** Characters of a wrap-up's remarks: the schema refuses more, and the form says so and stops typing there. */
export const MAX_REMARKS = 4_000;
/** Characters of a user's name (addEditUser's username). */
export const MAX_USERNAME = 100;
