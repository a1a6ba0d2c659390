/** A fingerprint of everything the sandbox stores: after a refused attack it must be the same as before. */
import { createHash } from 'node:crypto';
import type { SandboxDatabase } from '../../src/server/sandbox/store.js';

export function storeSnapshot(db: SandboxDatabase): string {
  const hash = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`${name}\n`);
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate()) hash.update(`${JSON.stringify(row)}\n`);
  }
  return hash.digest('hex');
}
