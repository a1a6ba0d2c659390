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

/** Throws `Forbidden` when the caller may not send this request. */
export function authorize(identity: Identity, method: JodoMethod, request: Record<string, unknown>): void {
  const { role, login } = identity;
  const mayActFor = (who: unknown) =>
    role === 'admin' || same(who, login) || (role === 'supervisor' && identity.team.some((member) => same(who, member)));

  if (ORGANISATION_METHODS.has(method)) {
    if (role !== 'admin') throw new Forbidden('only an administrator manages users');
    return;
  }
  switch (method) {
    case 'userStatus': {
      const logins = Array.isArray(request['loginids']) ? request['loginids'] : [];
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
    case 'getProcessData':
    case 'ImportProcessData':
    case 'customer_recording':
    case 'customer_multiple_recordings':
      return; // the servicekey check (servicekeyFor) is the rule here
  }
}
