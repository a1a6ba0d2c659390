/**
 * Node only (`jodo-toolbar/server/user-sync`): keeps Jodo's users in step with
 * a CRM's user list (addEditUser and deleteUser), remembering what it sent in
 * a state file. The CLI `jodo-users sync` is built on it. The client is
 * exported here too, so a Node service needs no browser types (the root entry's
 * elements) to use it.
 */
export { JodoClient, type JodoClientOptions } from '../../api/client.js';
export { parseCsv, type CsvResult, type CsvRow } from './csv.js';
export {
  md5Hex,
  readUsersFile,
  usersFromCsv,
  usersFromJson,
  usersFromRecords,
  usersFromRows,
  UserInputError,
  type BadRow,
  type SyncUser,
  type UserList,
  type UserRecord,
} from './users.js';
export { planSync, type PlanEntry, type PlannedAction, type SyncPlan } from './plan.js';
export { emptyState, fingerprint, readState, writeState, StateFileError, type SyncState } from './state.js';
export { DEFAULT_CONCURRENCY, syncUsers, type SyncOptions, type SyncOutcome, type SyncReport, type UserResult } from './sync.js';
export { resultTable, summarize, summaryLine, type SyncSummary } from './report.js';
