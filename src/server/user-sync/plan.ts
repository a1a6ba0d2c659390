/**
 * The diff between the CRM's list and what the last sync sent: new users are
 * added, changed ones edited, ones gone from the list deleted, the rest left
 * alone. A bad row's user is never deleted for being unreadable.
 */
import type { SyncState } from './state.js';
import type { BadRow, SyncUser } from './users.js';

export type PlannedAction = 'add' | 'edit' | 'delete' | 'unchanged';

export type PlanEntry =
  | { action: 'add' | 'edit' | 'unchanged'; loginid: string; user: SyncUser }
  | { action: 'delete'; loginid: string };

export interface SyncPlan {
  /** The list's users in their order, then the deletes by login. */
  entries: PlanEntry[];
  invalid: BadRow[];
  /** Users gone from the list but not deleted, because a bad row's login could not be read (it may be one of them). */
  deletesHeld: string[];
}

/** Jodo's logins are not case-sensitive (`Asha@x.com` is `asha@x.com`): compared as Jodo compares them. */
const sameLogin = (loginid: string) => loginid.trim().toLowerCase();

export function planSync(list: { users: readonly SyncUser[]; invalid?: readonly BadRow[] }, state: SyncState): SyncPlan {
  const invalid = [...(list.invalid ?? [])];
  const lastSent = new Map(Object.entries(state.users).map(([loginid, fingerprint]) => [sameLogin(loginid), fingerprint]));
  const entries: PlanEntry[] = list.users.map((user) => {
    const last = lastSent.get(sameLogin(user.loginid));
    const action = last === undefined ? 'add' : last === user.fingerprint ? 'unchanged' : 'edit';
    return { action, loginid: user.loginid, user };
  });
  const listed = new Set([...list.users.map((u) => u.loginid), ...invalid.flatMap((r) => (r.loginid === undefined ? [] : [r.loginid]))].map(sameLogin));
  const gone = Object.keys(state.users)
    .filter((loginid) => !listed.has(sameLogin(loginid)))
    .sort();
  // A bad row whose login cannot be read could be any of them: deleting would be a guess.
  if (invalid.some((bad) => bad.loginid === undefined)) return { entries, invalid, deletesHeld: gone };
  for (const loginid of gone) entries.push({ action: 'delete', loginid });
  return { entries, invalid, deletesHeld: [] };
}

