/**
 * Node only (`jodo-toolbar/server/user-sync`): keeps Jodo's users in step with
 * a CRM's user list (addEditUser and deleteUser), remembering what it sent in
 * a state file. The CLI `jodo-users sync` is built on it.
 */
export { parseCsv, type CsvResult, type CsvRow } from './csv.js';
export {
  md5Hex,
  readUsersFile,
  usersFromCsv,
  usersFromJson,
  usersFromRows,
  UserInputError,
  type BadRow,
  type SyncUser,
  type UserList,
  type UserRecord,
} from './users.js';
export { countPlan, planSync, type PlanEntry, type PlannedAction, type SyncPlan } from './plan.js';
export { emptyState, fingerprint, readState, writeState, StateFileError, type SyncState } from './state.js';
export { DEFAULT_CONCURRENCY, syncUsers, type SyncOptions, type SyncOutcome, type SyncReport, type UserResult } from './sync.js';
