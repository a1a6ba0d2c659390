/**
 * Store files readable by their owner only. The gateway's store holds
 * sessions and stored answers, the sandbox's customer records: another user
 * of the machine (or a dev server serving files) must not read them. SQLite
 * gives a database's `-wal` and `-shm` files the mode of the database file,
 * so creating that file as 0600 before SQLite opens it covers all three.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export const OWNER_ONLY = 0o600;

/** Creates `file` (and its folder, 0700) readable by its owner only; an existing store and its companions are narrowed to that. */
export function prepareOwnerOnlyFile(file: string): void {
  if (file === ':memory:' || file === '') return;
  const folder = dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', OWNER_ONLY));
  for (const companion of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(companion)) chmodSync(companion, OWNER_ONLY);
  }
}
