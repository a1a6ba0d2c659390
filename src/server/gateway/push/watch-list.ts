/**
 * Which logins of which process this gateway process's streams watch, and
 * for how long one nobody watches any more is still to be asked for (a
 * browser whose stream was cut comes back within seconds, and is owed every
 * change since).
 */
import { loginKey } from '../logins.js';

interface Watched {
  /** The login as the first stream to watch it spelt it (as its session spells it): what is sent to Jodo. */
  login: string;
  watchers: number;
  /** When the last watcher left (the gateway's clock, ms). */
  leftAt?: number;
}

/** Logins per process, as first spelt. */
export type LoginsByProcess = Map<string, string[]>;

export class WatchList {
  /** servicekey → login key → the login watched. */
  private readonly watched = new Map<string, Map<string, Watched>>();

  /** `lingerMs`: how long a login nobody watches is still listed. */
  constructor(
    private readonly lingerMs: number,
    private readonly now: () => number,
  ) {}

  /** Watches these logins of one process until the returned function is called; the logins nobody watched yet. */
  watch(servicekey: string, logins: readonly string[]): { unwatch: () => void; joined: string[] } {
    let ofProcess = this.watched.get(servicekey);
    if (!ofProcess) this.watched.set(servicekey, (ofProcess = new Map()));
    const spellings = new Map(logins.map((login) => [loginKey(login), login] as const));
    const joined: string[] = [];
    for (const [key, login] of spellings) {
      const entry = ofProcess.get(key);
      if (entry) {
        entry.watchers++;
        delete entry.leftAt;
      } else {
        ofProcess.set(key, { login, watchers: 1 });
        joined.push(login);
      }
    }
    let watching = true;
    const unwatch = () => {
      if (!watching) return;
      watching = false;
      for (const key of spellings.keys()) {
        const entry = ofProcess.get(key);
        if (entry && --entry.watchers === 0) entry.leftAt = this.now();
      }
    };
    return { unwatch, joined };
  }

  /** Logins watched now or within the linger, per process; the rest are forgotten. */
  current(): LoginsByProcess {
    const before = this.now() - this.lingerMs;
    const listed: LoginsByProcess = new Map();
    for (const [servicekey, ofProcess] of this.watched) {
      const logins: string[] = [];
      for (const [key, entry] of ofProcess) {
        if (entry.leftAt !== undefined && entry.leftAt <= before) ofProcess.delete(key);
        else logins.push(entry.login);
      }
      if (logins.length) listed.set(servicekey, logins);
      else this.watched.delete(servicekey);
    }
    return listed;
  }
}
