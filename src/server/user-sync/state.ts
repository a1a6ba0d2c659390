/**
 * What the last sync sent successfully, per login: a fingerprint (SHA-256) of
 * the whole addEditUser record, never the record itself, so neither a
 * password nor its MD5 is kept. Jodo has no method that lists users; this
 * file is how a sync knows who is new, changed or gone.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isJsonObject } from '../../api/json.js';

export const STATE_VERSION = 1;

export interface SyncState {
  version: typeof STATE_VERSION;
  /** The endpoint the users were synced to: a state is only good for that Jodo. */
  endpoint?: string;
  /** Per loginid, the fingerprint of the record Jodo last accepted. */
  users: Record<string, string>;
}

/** A state file that cannot be used as it is (not JSON, another shape): never guessed over, since deletes are read from it. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

export function emptyState(endpoint?: string): SyncState {
  return endpoint === undefined ? { version: STATE_VERSION, users: {} } : { version: STATE_VERSION, endpoint, users: {} };
}

/** JSON with every object's keys sorted, so the same record always reads the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint of a record as sent: `sha256:` and 64 hex digits. */
export function fingerprint(record: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(record)).digest('hex')}`;
}

/** The state in a file; an empty state when the file does not exist yet. */
export function readState(file: string): SyncState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new StateFileError(`the state file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StateFileError(`the state file ${file} is not JSON: fix or remove it (removing it makes the next sync send every user again and delete no one)`);
  }
  const users = isJsonObject(parsed) ? parsed['users'] : undefined;
  if (!isJsonObject(parsed) || parsed['version'] !== STATE_VERSION || !isJsonObject(users) || !Object.values(users).every((v) => typeof v === 'string')) {
    throw new StateFileError(`the state file ${file} is not a user-sync state (version ${STATE_VERSION})`);
  }
  const endpoint = parsed['endpoint'];
  return { ...emptyState(typeof endpoint === 'string' ? endpoint : undefined), users: { ...(users as Record<string, string>) } };
}

/** Writes the state whole or not at all: a temporary file beside it, then a rename. Readable by its owner only. */
export function writeState(file: string, state: SyncState): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const sorted = Object.fromEntries(Object.entries(state.users).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  try {
    writeFileSync(temporary, `${JSON.stringify({ version: state.version, endpoint: state.endpoint, users: sorted }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
