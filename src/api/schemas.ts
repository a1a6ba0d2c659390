/**
 * Request and response schemas of the nine methods, with `zod/mini` (no
 * `new Function`, so they run under a strict CSP; see TOOLCHAIN.md).
 *
 * Request schemas describe what a caller passes to the client (everything
 * but `method`, `apikey` and `reqdatetime`, which the client adds). The
 * sandbox validates incoming requests with the same schemas and maps each
 * field's problem to the document's code, so whatever the client sends, the
 * sandbox accepts. The sandbox is more lenient in two places only, both on
 * purpose (see server/sandbox/checks.ts): a record's number that cannot be
 * dialled is stored all the same, and a bad entry of an id list gets its own
 * status instead of failing the request.
 *
 * Each exported schema is built the first time it is used (lazy-schema.ts),
 * not when this module runs: start-up pays only for the methods a page calls.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { MESSAGES } from './field-messages.js';
import { MAX_IDS, MAX_RECORDS, MAX_REMARKS, MAX_USERNAME } from './limits.js';
import { SEARCH_PARAMS, mediaId, updateParam } from './codes.js';
import {
  isEmailLogin,
  isFilled,
  isJodoDate,
  isJodoDateTime,
  isMd5Hex,
  isMobileNumber,
} from './rules.js';

// Kept importable from here, where they were first.
export { MESSAGES, MAX_IDS, MAX_RECORDS };

// ---- field building blocks ------------------------------------------------

const filled = () => z.string().check(z.refine(isFilled, MESSAGES.filled));
const mobileNumber = () => z.string().check(z.refine(isMobileNumber, MESSAGES.mobile));
const dateTime = () => z.string().check(z.refine(isJodoDateTime, MESSAGES.dateTime));
const emailLogin = () => z.string().check(z.refine(isEmailLogin, MESSAGES.email));
/** Ids the document writes both as numbers and as (zero-padded) strings. */
const numericId = () =>
  z.union([
    z.number().check(z.refine((n) => Number.isSafeInteger(n) && n >= 0, MESSAGES.numeric)),
    z.string().check(z.regex(/^\s*\d+\s*$/, MESSAGES.numeric)),
  ]);
/** Free identifiers (customer codes, CRM keys) the document writes as text or numbers. */
const textOrNumber = () => z.union([filled(), z.number()]);
const media = () =>
  z.union([z.string(), z.number()]).check(z.refine((v) => mediaId(v) !== undefined, MESSAGES.media));
/** An 18-digit id; a number is accepted only while it is exact (the client sends strings). */
const systemCallId = () =>
  z.union([
    filled().check(z.regex(/^\s*\d+\s*$/, MESSAGES.digits)),
    z.number().check(z.refine(Number.isSafeInteger, 'is too long to send as a number: pass it as a string')),
  ]);

// ---- request schemas --------------------------------------------------------

/** One customer record pushed with ImportProcessData; fields beyond these are the process's own form. */
export const CustomerRecordInput = lazySchema(() =>
  z.looseObject({
    leadnumber: z.optional(textOrNumber()),
    name: z.optional(z.string()),
    fname: z.optional(z.string()),
    lname: z.optional(z.string()),
    /** The document: data "requires mobile number"; the client refuses one that cannot be dialled. */
    mobilenumber: z.optional(mobileNumber()),
    emailid: z.optional(z.string()),
    customercode: z.optional(textOrNumber()),
    crmuniquefield: z.optional(textOrNumber()),
    callDateTime: z.optional(dateTime()),
    calltype: z.optional(numericId()),
    call_type: z.optional(numericId()),
    userlogin: z.optional(filled()),
    dateofleadcreation: z.optional(z.string().check(z.refine(isJodoDate, MESSAGES.date))),
  }),
);
export type CustomerRecordInput = z.input<typeof CustomerRecordInput>;

const servicekey = () => filled();

/**
 * A call as the page or a dialer names it (`<jodo-provider call-from-url>`):
 * each field follows the rule of the request field it becomes (the customer
 * record's number, code and key, the recording's systemcallid and sessionid,
 * every method's servicekey), so a call accepted here is one the elements
 * can send.
 */
// Pure: a bundle that never checks a call (every element but the provider's address reader) leaves it out.
export const CallInput = /* @__PURE__ */ lazySchema(() =>
  z.object({
    // As CustomerRecordInput's (a plain object instead of z.pick/z.extend of it, which would add their zod to every bundle).
    mobilenumber: z.optional(mobileNumber()),
    customercode: z.optional(textOrNumber()),
    crmuniquefield: z.optional(textOrNumber()),
    systemcallid: z.optional(systemCallId()),
    sessionid: z.optional(numericId()),
    servicekey: z.optional(servicekey()),
  }),
);
export type CallInput = z.input<typeof CallInput>;

export const ImportProcessDataRequest = lazySchema(() =>
  z.looseObject({
    servicekey: servicekey(),
    media: media(),
    updateparam: z
      .string()
      .check(z.refine((v) => updateParam(v) !== undefined, 'must be mobilenumber, customercode or crmuniquefield')),
    data: z.array(CustomerRecordInput).check(z.minLength(1, 'must hold at least one record'), z.maxLength(MAX_RECORDS, `must hold at most ${MAX_RECORDS} records`)),
  }),
);

export const GetProcessDataRequest = lazySchema(() =>
  z
    .looseObject({
      servicekey: servicekey(),
      searchparam: z.enum(SEARCH_PARAMS, { error: `must be one of ${SEARCH_PARAMS.join(', ')} (case-sensitive)` }),
      fromdate: z.optional(dateTime()),
      todate: z.optional(dateTime()),
      mobilenumber: z.optional(z.union([mobileNumber(), z.array(mobileNumber()).check(z.minLength(1))])),
      customercode: z.optional(textOrNumber()),
      crmuniquefield: z.optional(textOrNumber()),
    })
    .check(
      z.superRefine((req, ctx) => {
        const need = (field: string) =>
          ctx.addIssue({ code: 'custom', path: [field], message: `is required when searchparam is ${req.searchparam}`, input: undefined });
        if (req.searchparam === 'daterange') {
          if (req.fromdate === undefined) need('fromdate');
          if (req.todate === undefined) need('todate');
          if (req.fromdate && req.todate && req.fromdate > req.todate) {
            ctx.addIssue({ code: 'custom', path: ['fromdate'], message: 'must not be after todate', input: req.fromdate });
          }
        } else if (req[req.searchparam] === undefined) {
          need(req.searchparam);
        }
      }),
    ),
);

export const ReallocateDataRequest = lazySchema(() =>
  z.looseObject({
    servicekey: servicekey(),
    contactnumber: mobileNumber(),
    login: filled(),
    calldatetime: z.optional(dateTime()),
    customercode: z.optional(z.union([z.string(), z.number()])),
  }),
);

export const SaveDispositionRequest = lazySchema(() =>
  z.looseObject({
    servicekey: servicekey(),
    login: filled(),
    dispomasterid: numericId(),
    disporeasonid: numericId(),
    remarks: z.optional(z.string().check(z.maxLength(MAX_REMARKS, `must be at most ${MAX_REMARKS} characters`))),
    /** The callback time; empty or absent means no callback. */
    selecteddatetime: z.optional(z.union([z.literal(''), dateTime()])),
    contactvalue: filled(),
    media: z.optional(media()),
    /** Ties the disposition to its call (Jodo's `Uniquesystemcallid`). */
    systemcallid: z.optional(systemCallId()),
  }),
);

export const CustomerRecordingRequest = lazySchema(() =>
  z.looseObject({
    servicekey: servicekey(),
    systemcallid: systemCallId(),
    sessionid: z.optional(numericId()),
  }),
);

export const CustomerMultipleRecordingsRequest = lazySchema(() =>
  z.looseObject({
    servicekey: servicekey(),
    systemcallids: z
      .array(systemCallId())
      .check(z.minLength(1, 'must hold at least one systemcallid'), z.maxLength(MAX_IDS, `must hold at most ${MAX_IDS} systemcallids`)),
    sessionid: z.optional(numericId()),
  }),
);

const ADD_EDIT_ACTIONS = /^(add|edit|1|2)$/i;

export const AddEditUserRequest = lazySchema(() =>
  z
    .looseObject({
      action: z.union([z.string(), z.number()]).check(z.refine((v) => ADD_EDIT_ACTIONS.test(String(v).trim()), 'must be add or edit')),
      username: filled().check(z.maxLength(MAX_USERNAME, `must be at most ${MAX_USERNAME} characters`)),
      loginid: emailLogin(),
      usertype: filled(),
      mediadetails: z
        .array(z.looseObject({ media: media() }))
        .check(z.minLength(1, 'must name at least one media')),
      /** A file name of an image; empty for none. */
      userimage: z.optional(z.string().check(z.refine((v) => v === '' || /^[^\\/:*?"<>|]+\.(jpe?g|png|gif)$/i.test(v.trim()), 'must be an image file name (.jpg, .jpeg, .png or .gif)'))),
      newpassword: z.optional(z.string().check(z.refine(isMd5Hex, MESSAGES.md5))),
      confirmpassword: z.optional(z.string().check(z.refine(isMd5Hex, MESSAGES.md5))),
      // The profile fields of the document's sample; kept as sent.
      customercode: z.optional(z.union([z.string(), z.number()])),
      groups: z.optional(z.array(z.string())),
      gender: z.optional(z.string()),
      dob: z.optional(z.string()),
      doj: z.optional(z.string()),
      address: z.optional(z.string()),
      country: z.optional(z.string()),
      state: z.optional(z.string()),
      city: z.optional(z.string()),
      language: z.optional(z.array(z.looseObject({ languageid: z.optional(textOrNumber()), language: z.optional(z.string()) }))),
      contactdetails: z.optional(z.array(z.looseObject({ contactid: z.optional(z.string()), contacttype: z.optional(z.string()) }))),
      skilldetails: z.optional(
        z.array(z.looseObject({ skillname: z.optional(z.string()), skilldetail: z.optional(z.string()), proficiencyvalue: z.optional(textOrNumber()) })),
      ),
    })
    .check(
      z.superRefine((req, ctx) => {
        if (req.newpassword !== undefined && req.confirmpassword === undefined) {
          ctx.addIssue({ code: 'custom', path: ['confirmpassword'], message: 'is required with newpassword', input: undefined });
        } else if (req.newpassword !== undefined && req.newpassword.toLowerCase() !== req.confirmpassword?.toLowerCase()) {
          ctx.addIssue({ code: 'custom', path: ['confirmpassword'], message: 'must match newpassword', input: req.confirmpassword });
        }
      }),
    ),
);

export const DeleteUserRequest = lazySchema(() =>
  z.looseObject({
    loginid: emailLogin(),
  }),
);

export const UserStatusRequest = lazySchema(() =>
  z.looseObject({
    servicekey: servicekey(),
    loginids: z.array(filled()).check(z.minLength(1, 'must name at least one login'), z.maxLength(MAX_IDS, `must name at most ${MAX_IDS} logins`)),
  }),
);

/** Request schema per method, keyed by the method's wire name. */
export const REQUEST_SCHEMAS = {
  ImportProcessData: ImportProcessDataRequest,
  getProcessData: GetProcessDataRequest,
  reallocatedata: ReallocateDataRequest,
  saveDisposition: SaveDispositionRequest,
  customer_recording: CustomerRecordingRequest,
  customer_multiple_recordings: CustomerMultipleRecordingsRequest,
  addEditUser: AddEditUserRequest,
  deleteUser: DeleteUserRequest,
  userStatus: UserStatusRequest,
} as const;

/** Drops the index signature a loose object adds, so a misspelt field is a type error. */
type KnownFields<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** What a caller passes for a method (the wire also carries extra fields through, untyped). */
export type RequestOf<M extends keyof typeof REQUEST_SCHEMAS> = KnownFields<z.input<(typeof REQUEST_SCHEMAS)[M]>>;

// ---- response schemas -------------------------------------------------------
// Only what the caller cannot do without is strict (the status, the entries of
// a list). Any other field of the wrong type reads as absent: a write that was
// applied must never look failed because of a stray `null`.

/** A status code as Jodo writes it: `3`, `"001"`, `" 3 "`. */
export const StatusCode = lazySchema(() =>
  z.pipe(
    z.union([z.number().check(z.int()), z.string().check(z.regex(/^\s*-?\d+\s*$/))]),
    z.transform((v) => Number(v)),
  ),
);

/** A status that may also be `null` (read as absent). */
const status = () => z.optional(z.union([z.null(), StatusCode]));

// Not `z.catch`: it drags zod's whole util namespace, `new Function` probe included, into the bundle.
const lenient = <T extends z.ZodMiniType>(schema: T) =>
  z.optional(
    z.pipe(
      z.unknown(),
      z.transform((value): z.output<T> | undefined => {
        const result = schema.safeParse(value);
        return result.success ? result.data : undefined;
      }),
    ),
  );
const text = () => lenient(z.pipe(z.union([z.string(), z.number()]), z.transform(String)));
const wholeNumber = () =>
  lenient(z.pipe(z.union([z.number(), z.string().check(z.regex(/^\s*\d+(\.\d+)?\s*$/))]), z.transform((v) => Math.round(Number(v)))));
const id = () => z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/** The fields every answer may carry; `status` and `statuscode` are two spellings of one field. */
export const ResponseEnvelope = lazySchema(() =>
  z.looseObject({
    method: text(),
    status: status(),
    statuscode: status(),
    statusdesc: text(),
    resdatetime: text(),
  }),
);

export const RecordingResponse = lazySchema(() =>
  z.looseObject({
    recordingfilepath: text(),
  }),
);

export const MultipleRecordingsResponse = lazySchema(() =>
  z.looseObject({
    statusdata: z.array(
      z.looseObject({
        systemcallid: id(),
        status: status(),
        statuscode: status(),
        statusdesc: text(),
        recordingfilepath: text(),
      }),
    ),
  }),
);

/** Customer data comes back as the process's own form; records are taken as sent (any key, `__proto__` included). */
export const ProcessDataResponse = lazySchema(() =>
  z.looseObject({
    // The records are what the caller asked for: `null` is none, anything else that is not a list is an error.
    data: z.optional(z.union([z.null(), z.array(z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)))])),
  }),
);

export const AddEditUserResponse = lazySchema(() =>
  z.looseObject({
    userid: wholeNumber(),
  }),
);

export const UserStatusResponse = lazySchema(() =>
  z.looseObject({
    timestamp: text(),
    statusdata: z.array(
      z.looseObject({
        login: id(),
        status: status(),
        statuscode: status(),
        statusdesc: text(),
        currentstatus: wholeNumber(),
        currentstatusdesc: text(),
        duration: wholeNumber(),
        statuschangetime: text(),
      }),
    ),
  }),
);

// ---- the gateway's session --------------------------------------------------

/**
 * The gateway's answer to `GET <base>/session` (who is signed in: its
 * `Identity`), as `<jodo-provider session-url>` reads it. Each field is
 * optional (a CRM's own endpoint may give only some), but one of the wrong
 * type makes the whole answer a bad one. `role` and any other field pass
 * through unread.
 */
// Pure: only bundles that look a session up keep it.
export const GatewaySessionResponse = /* @__PURE__ */ lazySchema(() =>
  z.looseObject({
    login: z.optional(z.string({ error: 'must be text' })),
    servicekeys: z.optional(z.array(z.string({ error: 'must be text' }), { error: 'must be a list' })),
    team: z.optional(z.array(z.string({ error: 'must be text' }), { error: 'must be a list' })),
    events: z.optional(z.string({ error: 'must be text' })),
  }),
);
export type GatewaySessionResponse = z.output<typeof GatewaySessionResponse>;
