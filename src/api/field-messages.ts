/**
 * The field problems' English text, apart from the schemas so that elements
 * showing them (src/messages/field-problem.ts) do not bring zod with them.
 */
/** What is wrong with a field, to follow its name; the elements show each in the agent's language (src/messages/field-problem.ts). */
export const MESSAGES = {
  required: 'is required',
  wrongType: 'has the wrong type',
  filled: 'must not be blank',
  mobile: 'must be a contact number of 3 to 16 digits, optionally led by + or 00',
  dateTime: 'must be a date and time as YYYY-MM-DD hh:mm:ss',
  date: 'must be a date as YYYY-MM-DD',
  email: 'must be an e-mail address',
  media: 'must be a media id or name from the media table (e.g. 11 or "Voice In")',
  numeric: 'must be a whole number',
  digits: 'must be digits only',
  md5: 'must be an MD5 hex digest (32 hex digits)',
} as const;
