/**
 * What each role may do, checked on every request body before it goes to
 * Jodo: agents act for themselves in their own processes, supervisors also
 * see and reallocate for their team, admins also manage users.
 */
import { ORGANISATION_METHODS, type JodoMethod } from '../../api/codes.js';
import type { Identity } from './identity.js';

export class Forbidden {
  constructor(readonly reason: string) {}
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The servicekey the request will carry: its own if it names one the caller works in, else the caller's first. */
export function servicekeyFor(identity: Identity, requested: unknown): string {
  if (requested === undefined || requested === null || requested === '') {
    const first = identity.servicekeys[0];
    if (!first) throw new Forbidden('this user works in no process');
    return first;
  }
  const own = identity.servicekeys.find((key) => same(requested, key));
  if (!own) throw new Forbidden('this process is not one of this user\'s');
  return own;
}

/** Fields the rules below read: another spelling of one (`LoginIds`) could mean the same to Jodo and slip past them. */
const RULED_FIELDS = ['method', 'apikey', 'servicekey', 'login', 'loginid', 'loginids', 'userlogin'];

function refuseOtherSpellings(fields: Record<string, unknown>): void {
  for (const key of Object.keys(fields)) {
    const ruled = RULED_FIELDS.find((field) => field === key.toLowerCase().trim());
    if (ruled && ruled !== key) throw new Forbidden(`the field "${key}" must be spelt "${ruled}"`);
  }
}

/** Throws `Forbidden` when the caller may not send this request. */
export function authorize(identity: Identity, method: JodoMethod, request: Record<string, unknown>): void {
  const { role, login } = identity;
  const mayActFor = (who: unknown) =>
    role === 'admin' || same(who, login) || (role === 'supervisor' && identity.team.some((member) => same(who, member)));
  refuseOtherSpellings(request);

  if (ORGANISATION_METHODS.has(method)) {
    if (role !== 'admin') throw new Forbidden('only an administrator manages users');
    return;
  }
  switch (method) {
    case 'userStatus': {
      const logins = request['loginids'];
      // Only a list of logins can be checked login by login; a string or a comma list is not passed on.
      if (!Array.isArray(logins) || !logins.every((who) => typeof who === 'string')) throw new Forbidden('loginids must be a list of logins');
      const stranger = logins.find((who) => !mayActFor(who));
      if (stranger !== undefined) throw new Forbidden(role === 'agent' ? 'an agent sees only their own status' : 'a supervisor sees only their team');
      return;
    }
    case 'saveDisposition':
      if (role !== 'admin' && !same(request['login'], login)) throw new Forbidden('a disposition is saved by the agent who took the call');
      return;
    case 'reallocatedata':
      if (role === 'agent') throw new Forbidden('only a supervisor reallocates data');
      if (!mayActFor(request['login'])) throw new Forbidden('a supervisor reallocates only within the team');
      return;
    case 'ImportProcessData': {
      // A record may pin its call to an agent: only to the caller (or, for a supervisor, the team).
      const records = request['data'];
      if (!Array.isArray(records)) throw new Forbidden('data must be a list of records');
      for (const record of records) {
        if (typeof record !== 'object' || record === null) continue;
        refuseOtherSpellings(record as Record<string, unknown>);
        const pinned = (record as Record<string, unknown>)['userlogin'];
        if (pinned !== undefined && !mayActFor(pinned)) throw new Forbidden('a record is assigned only to yourself (or, for a supervisor, the team)');
      }
      return;
    }
    case 'getProcessData':
    case 'customer_recording':
    case 'customer_multiple_recordings':
      return; // the servicekey check (servicekeyFor) is the rule here
  }
}
