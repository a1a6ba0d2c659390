/**
 * Applies a plan through the client, a few requests at a time. Each user
 * succeeds or fails on its own; only successes change the state, so running
 * again after a failure retries exactly what failed. Jodo's answers steer
 * the obvious recoveries: an add of a login Jodo already has (5) becomes an
 * edit, an edit of one it does not have (418) an add, and a delete of one it
 * does not have (418) is already done.
 */
import type { JodoClient } from '../../api/client.js';
import { FAIL, LOGIN_NOT_EXISTS } from '../../api/status-codes.js';
import { JodoApiError, JodoError, isAbortError } from '../../api/errors.js';
import { planSync, type PlannedAction, type PlanEntry } from './plan.js';
import type { SyncState } from './state.js';
import type { BadRow, SyncUser, UserRecord } from './users.js';

/** Jodo's "fail", which addEditUser answers for an add of a login that exists (CONTRACT.md). */
const ADD_REFUSED = FAIL;
/** "loginid not exists", for an edit or a delete of an unknown login. */
const UNKNOWN_LOGIN = LOGIN_NOT_EXISTS;

export type SyncOutcome = 'ok' | 'failed' | 'unchanged' | 'planned' | 'bad-row';

export interface UserResult {
  /** The user's login; empty for a bad row without a usable one. */
  loginid: string;
  /** The input's row (CSV) or entry (JSON); none for a delete. */
  row?: number;
  action: PlannedAction | 'none';
  outcome: SyncOutcome;
  /** What was sent last, when Jodo's answer turned the action into another (an add into an edit). */
  sent?: 'add' | 'edit' | 'delete';
  /** Jodo's failure code. */
  code?: number;
  /** Why it failed, a note on what was done instead, or what is wrong with the row. Never a password or its hash. */
  message?: string;
}

export interface SyncOptions {
  client: Pick<JodoClient, 'addEditUser' | 'deleteUser'>;
  users: readonly SyncUser[];
  /** The input's bad rows: reported, and their users (where the login reads) neither changed nor deleted. */
  invalid?: readonly BadRow[];
  state: SyncState;
  /** Plan only: no request is sent and the state comes back as it was. */
  dryRun?: boolean;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /**
   * Called with the state after each success, so a caller can keep it as the run goes (a crash then
   * loses little). The same object each time, updated in place: write it out, do not hold on to it.
   */
  onProgress?: (state: SyncState) => void;
  /** Stops starting requests (and aborts those in flight); the users not done are failures, the state keeps what succeeded. */
  signal?: AbortSignal;
}

export interface SyncReport {
  /** One per user, in the plan's order (the list's users, then deletes), bad rows first. */
  results: UserResult[];
  /** The state to keep: the one given, with every success applied. */
  state: SyncState;
  /** Users gone from the list and not deleted, because a bad row's login could not be read. */
  deletesHeld: string[];
}

export const DEFAULT_CONCURRENCY = 4;

/** Runs `work` over the items with at most `limit` at a time; `work` must not reject. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** What went wrong, in plain words, with any trace of the password taken out. */
function failure(error: unknown, record?: UserRecord): Pick<UserResult, 'code' | 'message'> {
  const secret = record?.newpassword;
  const clean = (text: string) => (secret ? text.replace(new RegExp(secret, 'gi'), '[password]') : text);
  if (error instanceof JodoApiError) {
    const own = error.statusdesc && error.statusdesc.toLowerCase() !== error.description.toLowerCase() ? ` (${error.statusdesc})` : '';
    return { code: error.code, message: clean(`${error.code} ${error.description}${own}`) };
  }
  if (isAbortError(error)) return { message: STOPPED };
  if (error instanceof JodoError) return { message: clean(`${error.kind}: ${error.message}`) };
  return { message: clean(`unexpected: ${error instanceof Error ? error.message : String(error)}`) };
}

function codeOf(error: unknown): number | undefined {
  return error instanceof JodoApiError ? error.code : undefined;
}

const STOPPED = 'not sent: the sync was stopped';

/** A result's login, planned action and row. */
function resultOf(entry: PlanEntry): Pick<UserResult, 'loginid' | 'action' | 'row'> {
  return entry.action === 'delete' ? { loginid: entry.loginid, action: entry.action } : { loginid: entry.loginid, action: entry.action, row: entry.user.row };
}

/** Sends one plan entry, with its fallback; resolves to its result and never rejects. */
async function apply(entry: PlanEntry, client: SyncOptions['client'], signal: AbortSignal | undefined): Promise<UserResult> {
  const base = resultOf(entry);
  if (signal?.aborted) return { ...base, outcome: 'failed', message: STOPPED };
  if (entry.action === 'delete') {
    try {
      await client.deleteUser({ loginid: entry.loginid }, { signal });
      return { ...base, outcome: 'ok' };
    } catch (error) {
      if (codeOf(error) === UNKNOWN_LOGIN) return { ...base, outcome: 'ok', message: 'not in Jodo: nothing to delete' };
      return { ...base, outcome: 'failed', ...failure(error) };
    }
  }
  const { record } = entry.user;
  const send = (action: 'add' | 'edit') => client.addEditUser({ ...record, action }, { signal });
  const first = entry.action === 'add' ? 'add' : 'edit';
  try {
    await send(first);
    return { ...base, outcome: 'ok' };
  } catch (error) {
    const fallback = first === 'add' ? (codeOf(error) === ADD_REFUSED ? 'edit' : undefined) : codeOf(error) === UNKNOWN_LOGIN ? 'add' : undefined;
    if (!fallback || signal?.aborted) return { ...base, outcome: 'failed', ...failure(error, record) };
    const why = fallback === 'edit' ? 'already in Jodo' : 'not in Jodo';
    try {
      await send(fallback);
      return { ...base, outcome: 'ok', sent: fallback, message: `${why}: ${fallback === 'edit' ? 'edited' : 'added'}` };
    } catch (second) {
      const { code, message } = failure(second, record);
      return { ...base, outcome: 'failed', sent: fallback, ...(code === undefined ? {} : { code }), message: `${why}, then ${fallback} failed: ${message}` };
    }
  }
}

/** Keeps Jodo's users in step with `users`: adds, edits and deletes what changed since `state`. */
export async function syncUsers(options: SyncOptions): Promise<SyncReport> {
  const { client, state, signal } = options;
  const plan = planSync(options, state);
  const badRows: UserResult[] = plan.invalid.map((bad) => ({ loginid: bad.loginid ?? '', row: bad.row, action: 'none', outcome: 'bad-row', message: bad.reason }));
  const results: UserResult[] = new Array(plan.entries.length);
  const users = { ...state.users };
  // The state keeps one spelling per login (the last sent): another spelling of it is the same Jodo user.
  const spelling = new Map(Object.keys(users).map((key) => [key.toLowerCase(), key]));
  const forget = (loginid: string) => {
    const key = spelling.get(loginid.toLowerCase());
    if (key !== undefined) delete users[key];
    spelling.delete(loginid.toLowerCase());
  };
  const progress = { ...state, users };
  const work = plan.entries.filter((entry, i) => {
    if (entry.action === 'unchanged' || options.dryRun) {
      results[i] = { ...resultOf(entry), outcome: entry.action === 'unchanged' ? 'unchanged' : 'planned' };
      return false;
    }
    return true;
  });
  const indexOf = new Map(plan.entries.map((entry, i) => [entry, i]));
  await eachLimited(work, options.concurrency ?? DEFAULT_CONCURRENCY, async (entry) => {
    const result = await apply(entry, client, signal);
    results[indexOf.get(entry)!] = result;
    if (result.outcome !== 'ok') return;
    forget(entry.loginid);
    if (entry.action !== 'delete') {
      users[entry.loginid] = entry.user.fingerprint;
      spelling.set(entry.loginid.toLowerCase(), entry.loginid);
    }
    options.onProgress?.(progress);
  });
  return { results: [...badRows, ...results], state: { ...state, users }, deletesHeld: plan.deletesHeld };
}
