/**
 * Where queued writes wait: IndexedDB, so a reload, a crash or a browser
 * restart loses nothing. Where IndexedDB is missing, refused (some private
 * windows, storage blocked by policy) or does not open in time, a memory
 * store keeps the outbox working for the life of the page and says it is
 * not persistent.
 *
 * IndexedDB is used directly, not through idb: idb (about 1 KB in every
 * page) would replace only the few lines that turn requests into promises;
 * the open deadline, the memory fallback and the cut-off at pagehide, which
 * are most of this file, would stay.
 */
import type { OutboxEntry } from './outbox-entry.js';

export interface OutboxStore {
  /** False when entries live only as long as the page. */
  readonly persistent: boolean;
  all(): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

const DB_VERSION = 1;
const STORE = 'entries';

/**
 * How long opening the database may take. A healthy open, even the first one
 * that creates the store, answers in milliseconds; WebKit was seen never
 * answering at all (no success, no error, no blocked), which would leave
 * every write waiting on the store forever. A few seconds cut off only such
 * a hang, after which the outbox works from memory and says so.
 */
export const OPEN_DEADLINE_MS = 5000;

export class MemoryOutboxStore implements OutboxStore {
  readonly persistent = false;
  private readonly entries = new Map<string, OutboxEntry>();

  async all(): Promise<OutboxEntry[]> {
    return [...this.entries.values()].map((entry) => structuredClone(entry));
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const entry = this.entries.get(id);
    return entry && structuredClone(entry);
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.id, structuredClone(entry));
  }

  async delete(id: string): Promise<void> {
    this.entries.delete(id);
  }
}

/**
 * WebKit (seen in WebKitGTK 2.50) never finishes a transaction still under way
 * when its page is left, and goes on holding the database: every later page's
 * open then waits forever, and the agent's outbox is in memory until the
 * browser restarts. So none runs while the page is hidden: those under way at
 * pagehide are aborted (as the spec does to an unloaded page's) and done
 * again should the page come back from the back/forward cache.
 */
const live = new Set<IDBTransaction>();
let hidden: Promise<unknown> | undefined;
globalThis.addEventListener?.('pagehide', () => {
  hidden = new Promise((resolve) => addEventListener('pageshow', resolve, { once: true })).then(() => (hidden = undefined));
  for (const transaction of live) {
    try {
      transaction.abort();
    } catch {
      // already committing: nothing left to cut off
    }
  }
});

export class IndexedDbOutboxStore implements OutboxStore {
  readonly persistent = true;
  private db: Promise<IDBDatabase> | undefined;

  constructor(private readonly name: string) {}

  /** Opens (and on first use creates) the database; fails when the browser refuses storage or does not answer within `deadlineMs`. */
  open(deadlineMs = OPEN_DEADLINE_MS): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(this.name, DB_VERSION);
      const deadline = setTimeout(() => {
        // Given up on: should it open after all, nobody uses it, and held open it would hold up a newer toolbar's upgrade.
        request.onsuccess = () => request.result.close();
        reject(new Error('The outbox database did not open in time.'));
      }, deadlineMs);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
      request.onsuccess = () => {
        clearTimeout(deadline);
        const db = request.result;
        // A newer toolbar in another tab upgrades the schema: let it, and reopen on next use.
        db.onversionchange = () => {
          db.close();
          this.db = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('The outbox database is held open by an older toolbar in another tab.'));
    });
    this.db.catch(() => (this.db = undefined));
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    for (;;) {
      // Nothing, not even the open (which creates the store in an upgrade transaction), while the page is hidden.
      while (hidden) await hidden;
      const db = await this.open();
      if (hidden) continue;
      const transaction = db.transaction(STORE, mode, { durability: 'strict' });
      const request = act(transaction.objectStore(STORE));
      live.add(transaction);
      try {
        // A write counts only once its transaction is committed, not when the request succeeds.
        await new Promise((resolve, reject) => {
          transaction.oncomplete = resolve;
          transaction.onabort = () => reject(transaction.error ?? new Error('The outbox write was aborted.'));
        });
        return request.result;
      } catch (error) {
        // Cut off at pagehide: done again once the page is back.
        if (!hidden) throw error;
      } finally {
        live.delete(transaction);
      }
    }
  }

  all(): Promise<OutboxEntry[]> {
    return this.run('readonly', (store) => store.getAll() as IDBRequest<OutboxEntry[]>);
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.run('readonly', (store) => store.get(id) as IDBRequest<OutboxEntry | undefined>);
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.run('readwrite', (store) => store.put(entry));
  }

  async delete(id: string): Promise<void> {
    await this.run('readwrite', (store) => store.delete(id));
  }
}

/** The persistent store when this browser allows one and opens it within `deadlineMs`, else the memory store. */
export async function openOutboxStore(name = 'jodo-outbox', deadlineMs = OPEN_DEADLINE_MS): Promise<OutboxStore> {
  if (typeof indexedDB === 'undefined') return new MemoryOutboxStore();
  const store = new IndexedDbOutboxStore(name);
  try {
    await store.open(deadlineMs);
    return store;
  } catch {
    return new MemoryOutboxStore();
  }
}
