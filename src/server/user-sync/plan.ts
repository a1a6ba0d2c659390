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
}

export function planSync(list: { users: readonly SyncUser[]; invalid?: readonly BadRow[] }, state: SyncState): SyncPlan {
  const invalid = [...(list.invalid ?? [])];
  const entries: PlanEntry[] = list.users.map((user) => {
    const last = Object.hasOwn(state.users, user.loginid) ? state.users[user.loginid] : undefined;
    const action = last === undefined ? 'add' : last === user.fingerprint ? 'unchanged' : 'edit';
    return { action, loginid: user.loginid, user };
  });
  const listed = new Set([...list.users.map((u) => u.loginid), ...invalid.flatMap((r) => (r.loginid === undefined ? [] : [r.loginid]))]);
  const gone = Object.keys(state.users)
    .filter((loginid) => !listed.has(loginid))
    .sort();
  for (const loginid of gone) entries.push({ action: 'delete', loginid });
  return { entries, invalid };
}

