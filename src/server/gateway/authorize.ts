/**
 * What each role may do, checked on every request body before it goes to
 * Jodo: agents act for themselves in their own processes, supervisors also
 * see and reallocate for their team, admins also manage users. One rule per
 * method, in a table TypeScript checks is complete; a method the table does
 * not name is refused.
 *
 * Writes that can change existing records (ImportProcessData upserts,
 * reallocatedata moves a contact) are checked against who holds those
 * records now, asked of Jodo: an agent may create records for themself and
 * change only records they hold (or that nobody holds); moving a record
 * someone else holds is for a supervisor within their team, or an admin.
 *
 * Logins are compared as Jodo compares them (logins.ts), and a login that
 * names the caller or a team member is forwarded as the session spells it.
 */
import { UPDATE_PARAMS, type JodoMethod, type UpdateParam } from '../../api/codes.js';
import type { Identity } from './identity.js';
import { loginKey } from './logins.js';
import { forbidden } from './refusal.js';

/** The logins holding the records that have one of `values` in their `param` field ('' for a record nobody holds). */
export type HolderLookup = (servicekey: string, param: UpdateParam, values: readonly string[]) => Promise<ReadonlySet<string>>;

type Request = Record<string, unknown>;
type Rule = (caller: Caller, request: Request, holders: HolderLookup) => void | Promise<void>;

/** Fields the rules below read: another spelling of one (`LoginIds`) could mean the same to Jodo and slip past them. */
const RULED_FIELDS: ReadonlySet<string> = new Set(['method', 'apikey', 'servicekey', 'login', 'loginid', 'loginids', 'userlogin', 'contactnumber', 'updateparam', 'data']);

/** The field of a record the rules read (its update field is read in any spelling, as Jodo reads it). */
const RULED_RECORD_FIELDS: ReadonlySet<string> = new Set(['userlogin']);

function refuseOtherSpellings(fields: Request, ruledFields = RULED_FIELDS): void {
  for (const key of Object.keys(fields)) {
    if (ruledFields.has(key)) continue;
    const ruled = key.toLowerCase().trim();
    if (ruledFields.has(ruled)) throw forbidden(`the field "${key}" must be spelt "${ruled}"`);
  }
}

/** The caller, with the logins they may act for spelt as the session spells them. */
class Caller {
  private readonly own = new Map<string, string>();

  constructor(readonly identity: Identity) {
    if (identity.role === 'supervisor') for (const member of identity.team) this.own.set(loginKey(member), member);
    this.own.set(loginKey(identity.login), identity.login);
  }

  get role() {
    return this.identity.role;
  }

  /** The caller's (or a team member's) login as the session spells it; undefined for anyone else. */
  spelling(who: unknown): string | undefined {
    return typeof who === 'string' ? this.own.get(loginKey(who)) : undefined;
  }

  /** `who` spelt as the session spells it, when the caller may act for them; admins may act for anyone, as they wrote it. */
  actFor(who: unknown, refusal: string): string {
    const spelt = this.spelling(who);
    if (spelt !== undefined) return spelt;
    if (this.role === 'admin' && typeof who === 'string') return who;
    throw forbidden(refusal);
  }

  /** A record held by `holder` ('' for nobody) may be changed by the caller. */
  mayChangeHeldBy(holder: string): boolean {
    return holder === '' || this.role === 'admin' || this.spelling(holder) !== undefined;
  }
}

/** A record's values of a field, whatever the case of its name (Jodo reads `Mobilenumber` as `mobilenumber`). */
function valuesOf(record: Request, field: string): string[] {
  return Object.keys(record)
    .filter((key) => key.toLowerCase().trim() === field)
    .map((key) => record[key])
    .filter((value) => value !== undefined && value !== null && String(value).trim() !== '')
    .map(String);
}

const isRecord = (value: unknown): value is Request => typeof value === 'object' && value !== null && !Array.isArray(value);

const RULES: { readonly [M in JodoMethod]: Rule } = {
  // The servicekey check (servicekeyFor) is the rule for reads of a process.
  getProcessData: () => {},
  customer_recording: () => {},
  customer_multiple_recordings: () => {},

  userStatus(caller, request) {
    const logins = request['loginids'];
    // Only a list of logins can be checked login by login; a string or a comma list is not passed on.
    if (!Array.isArray(logins) || !logins.every((who) => typeof who === 'string')) throw forbidden('loginids must be a list of logins');
    request['loginids'] = logins.map((who) => caller.actFor(who, caller.role === 'agent' ? 'an agent sees only their own status' : 'a supervisor sees only their team'));
  },

  saveDisposition(caller, request) {
    const spelt = caller.spelling(request['login']);
    if (caller.role !== 'admin' && (spelt === undefined || loginKey(spelt) !== loginKey(caller.identity.login))) {
      throw forbidden('a disposition is saved by the agent who took the call');
    }
    if (spelt !== undefined) request['login'] = spelt;
  },

  async reallocatedata(caller, request, holders) {
    if (caller.role === 'agent') throw forbidden('only a supervisor reallocates data');
    request['login'] = caller.actFor(request['login'], 'a supervisor reallocates only within the team');
    if (caller.role === 'admin') return;
    // Every record of the contact moves: each must be held by the team, or by nobody.
    const contact = request['contactnumber'];
    if (typeof contact !== 'string' && typeof contact !== 'number') return; // Jodo refuses it (71) and moves nothing
    for (const holder of await holders(String(request['servicekey']), 'mobilenumber', [String(contact)])) {
      if (!caller.mayChangeHeldBy(holder)) throw forbidden('this contact is held by an agent outside the team');
    }
  },

  async ImportProcessData(caller, request, holders) {
    const records = request['data'];
    if (!Array.isArray(records)) throw forbidden('data must be a list of records');
    for (const [i, record] of records.entries()) {
      // Jodo would skip anything else in silence; the gateway says what it refuses.
      if (!isRecord(record)) throw forbidden(`data.${i} must be a record (an object of fields)`);
      refuseOtherSpellings(record, RULED_RECORD_FIELDS);
      const pinned = record['userlogin'];
      // A record may pin its call to an agent: only to the caller (or, for a supervisor, the team).
      if (pinned !== undefined) record['userlogin'] = caller.actFor(pinned, 'a record is assigned only to yourself (or, for a supervisor, the team)');
    }
    if (caller.role === 'admin') return;
    // An upsert on the update field changes (and may re-pin) every record that already has that value.
    const param = UPDATE_PARAMS.find((name) => name === String(request['updateparam'] ?? '').trim());
    if (!param) return; // Jodo refuses an invalid updateparam (24-26) and stores nothing
    const values = [...new Set(records.flatMap((record: Request) => valuesOf(record, param)))];
    if (!values.length) return; // every record is new
    for (const holder of await holders(String(request['servicekey']), param, values)) {
      if (!caller.mayChangeHeldBy(holder)) {
        throw forbidden(caller.role === 'agent' ? 'this record is held by another agent' : 'this record is held by an agent outside the team');
      }
    }
  },

  addEditUser(caller) {
    if (caller.role !== 'admin') throw forbidden('only an administrator manages users');
  },
  deleteUser(caller) {
    if (caller.role !== 'admin') throw forbidden('only an administrator manages users');
  },
};

/** The servicekey the request will carry: its own if it names one the caller works in, else the caller's first. */
export function servicekeyFor(identity: Identity, requested: unknown): string {
  if (requested === undefined || requested === null || requested === '') {
    const first = identity.servicekeys[0];
    if (!first) throw forbidden('this user works in no process');
    return first;
  }
  // Servicekeys are compared as Jodo compares them (ASCII letters without case), like logins.
  if (typeof requested !== 'string') throw forbidden("this process is not one of this user's");
  const own = identity.servicekeys.find((key) => key === requested) ?? identity.servicekeys.find((key) => loginKey(key) === loginKey(requested));
  if (!own) throw forbidden("this process is not one of this user's");
  return own;
}

/**
 * Throws a refusal (`forbidden`, 403) when the caller may not send this request. The request is the one that will
 * be forwarded: logins naming the caller or their team are rewritten as the session spells them.
 */
export async function authorize(identity: Identity, method: JodoMethod, request: Request, holders: HolderLookup): Promise<void> {
  refuseOtherSpellings(request);
  const rule = Object.hasOwn(RULES, method) ? RULES[method] : undefined;
  if (!rule) throw forbidden('this method is not one the gateway passes on');
  const checking = rule(new Caller(identity), request, holders);
  if (checking) await checking; // only the rules that ask Jodo who holds a record wait
}
