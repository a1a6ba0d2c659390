/**
 * The sandbox benchmark of `npm run bench` (alone: `npx tsx bench/sandbox.ts`,
 * `BENCH_RUNS=5` for more runs, `BENCH_PROFILE=1` to profile even when every
 * aim is met).
 *
 * ImportProcessData of 10,000 records in one request, and getProcessData over
 * 1,000,000 stored records (by a daterange of an hour and of a day, by an
 * array of 100 numbers), each through the sandbox as a client uses it: an
 * HTTP request to the sandbox CLI in its own Node process, on a SQLite file
 * in WAL mode (how `npm run sandbox` runs). Beside each, in the same run, raw
 * better-sqlite3 in this process doing the same inserts or the same select on
 * the same file. When a figure misses its aim, the CLI is started again under
 * `node --cpu-prof` and the missed requests repeated, and the profile's top
 * self-time functions go into the section.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MAX_RECORDS } from '../src/api/schemas.js';
import { formatJodoDateTime } from '../src/api/rules.js';
import { JODO_PATH } from '../src/server/sandbox/endpoint.js';
import { createSandbox } from '../src/server/sandbox/sandbox.js';
import { type BenchOptions, type BenchSection, type Figure, median, num, ratio, runAlone, table } from './lib/report.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const APIKEY = 'test_org'; // the fixture's organisation
const SERVICEKEY = 'VoiceProcess';
const STORED = 1_000_000;
/** Seeded records are stamped as imports of this many records... */
const SEED_BATCH = 50;
/** ...every this many seconds: 10,000 records a day (one day's list, the most one ImportProcessData takes). */
const SEED_STEP_S = 432;
const SEED_START = '2025-01-01 00:00:00';
const HOUR = { fromdate: '2025-02-20 09:00:00', todate: '2025-02-20 09:59:59' };
const DAY = { fromdate: '2025-02-20 00:00:00', todate: '2025-02-20 23:59:59' };
const NUMBERS = 100;
const AIM = 2;
const START_TIMEOUT_MS = 60_000;
/** Sampling interval of the profile, µs (Node's default is 1000: too coarse for requests of a few ms). */
const PROFILE_INTERVAL_US = 100;

const seededMobile = (i: number) => `9${String(i).padStart(9, '0')}`;

// ---------------------------------------------------------------- the sandbox CLI

interface Cli {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/** `npm run sandbox -- --db <file> --no-dialer --port 0` in its own process; resolves once it listens. */
function startCli(db: string, profileDir?: string): Promise<Cli> {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${PROFILE_INTERVAL_US}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'src/server/cli/sandbox.ts', '--port', '0', '--db', db, '--no-dialer'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), fail(new Error('the sandbox CLI did not start'))), START_TIMEOUT_MS);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        ok({ child, port: Number(match[1]), exited });
      }
    });
    void exited.then(() => (clearTimeout(timer), fail(new Error(`the sandbox CLI exited: ${stderr.trim()}`))));
  });
}

/** SIGTERM: the CLI closes its store and exits (writing its --cpu-prof profile); SIGKILL if it hangs. */
async function stopCli(cli: Cli): Promise<void> {
  cli.child.kill('SIGTERM');
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), 10_000);
  await cli.exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- a client's request

interface Reply {
  ms: number;
  bytes: number;
  body: { statuscode?: string; status?: number; statusdesc?: string; data?: Record<string, unknown>[] };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One request as JodoClient sends it (a form body `data=<JSON>`, percent-encoded by
 * URLSearchParams), timed from the first byte sent to the last byte of the answer.
 * Building the body before and parsing the answer after are the client's work, left out.
 */
function post(port: number, request: Record<string, unknown>): Promise<Reply> {
  const body = new URLSearchParams({ data: JSON.stringify({ ...request, apikey: APIKEY, servicekey: SERVICEKEY, reqdatetime: formatJodoDateTime(new Date()) }) }).toString();
  return new Promise((ok, fail) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: JODO_PATH,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            ok({ ms, bytes: text.length, body: JSON.parse(text) as Reply['body'] });
          } catch {
            fail(new Error(`HTTP ${res.statusCode}: not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function expectSuccess(reply: Reply, what: string): void {
  if (reply.body.statuscode !== '001') throw new Error(`${what}: status ${reply.body.status} ${reply.body.statusdesc}`);
}

// ---------------------------------------------------------------- the store

/**
 * Seeds `STORED` records of the fixture's VoiceProcess straight into the store, as
 * ImportProcessData stores them (the fields as the request's JSON, the key columns,
 * media 12, a storedatetime per batch) and as the dialer leaves them once dialled.
 * The records indexes are dropped for the insert and created again from the store's
 * own definitions, so the store ends exactly as the sandbox's schema makes it.
 */
function seed(db: Database.Database, processId: number): void {
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL").all() as {
    name: string;
    sql: string;
  }[];
  db.transaction(() => {
    for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1),
       r AS (
         SELECT i, '9' || printf('%09d', i) AS mobile, 'C' || printf('%07d', i) AS code,
                datetime(@start, '+' || ((i / @batch) * @step) || ' seconds') AS stamp
         FROM n
       )
       INSERT INTO records (process_id, mobilenumber, customercode, crmuniquefield, media, fields, storedatetime, dial_status, dial_at, dial_priority, dial_login)
       SELECT @process, mobile, code, NULL, 12, json_object('mobilenumber', mobile, 'customercode', code), stamp, 'dialled', stamp, 1, NULL FROM r`,
    ).run({ count: STORED, start: SEED_START, batch: SEED_BATCH, step: SEED_STEP_S, process: processId });
    for (const { sql } of indexes) db.exec(sql);
  }).immediate();
}

/** The sandbox's getProcessData selects, word for word (methods/process-data.ts). */
const BY_DATERANGE = 'SELECT fields, storedatetime, leadstatus, dial_login FROM records WHERE process_id = ? AND storedatetime BETWEEN ? AND ? ORDER BY id';
const BY_MOBILE = 'SELECT fields, storedatetime, leadstatus, dial_login FROM records WHERE process_id = ? AND mobilenumber IN (SELECT value FROM json_each(?)) ORDER BY id';
const INSERT = `INSERT INTO records (process_id, mobilenumber, customercode, crmuniquefield, media, fields, storedatetime, dial_status, dial_at, dial_priority, dial_login)
  VALUES (?, ?, ?, NULL, 12, ?, ?, 'queued', ?, 1, NULL)`;

interface ImportRecord {
  mobilenumber: string;
  customercode: string;
}

/**
 * 10,000 new leads (new customer codes, diallable numbers). A record carries the number and
 * a customer code only: percent-encoded by the client, 10,000 of them must fit the 1 MiB body limit.
 */
function leads(prefix: string, run: number): ImportRecord[] {
  return Array.from({ length: MAX_RECORDS }, (_, i) => ({
    mobilenumber: `8${String(run).padStart(2, '0')}${String(i).padStart(7, '0')}`,
    customercode: `${prefix}${run}-${i}`,
  }));
}

/** The raw reference for ImportProcessData: one prepared insert, one transaction, the same columns and values. */
function rawImport(db: Database.Database, processId: number, records: ImportRecord[]): number {
  const insert = db.prepare(INSERT);
  const started = performance.now();
  const stamp = formatJodoDateTime(new Date());
  db.transaction(() => {
    for (const record of records) insert.run(processId, record.mobilenumber, record.customercode, JSON.stringify(record), stamp, stamp);
  }).immediate();
  return performance.now() - started;
}

// ---------------------------------------------------------------- profiles

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/** Now on the system's monotonic clock in µs: the clock a V8 CPU profile's timestamps use, in any process. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Self time per function inside the measured windows (monotonic µs), top `n`. */
function summarise(file: string, windows: [number, number][], n = 12): { rows: (string | number)[][]; busyMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let at = profile.startTime;
  let busy = 0;
  profile.samples.forEach((id, k) => {
    at += profile.timeDeltas[k] ?? 0;
    if (!windows.some(([from, to]) => at >= from && at <= to)) return;
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') return;
    const dt = (profile.timeDeltas[k] ?? 0) / 1000;
    busy += dt;
    // node_modules may be a link elsewhere: named from node_modules/ on.
    const path = frame.url.startsWith('file:') ? relative(ROOT, fileURLToPath(frame.url)).replace(/^.*node_modules\//, 'node_modules/') : frame.url;
    const where = path ? ` ${path}` : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(name, (self.get(name) ?? 0) + dt);
  });
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => [`${((ms / busy) * 100).toFixed(1)}%`, ms, `\`${name}\``]);
  return { rows, busyMs: busy };
}

// ---------------------------------------------------------------- the run

interface Measure {
  name: string;
  /** A measurement that explains the others (the fixed cost of a request): in the table, not a figure. */
  context?: boolean;
  /** How many rows the request returned or stored (checked equal between the two). */
  rows: number;
  bytes: number;
  sandbox: number[];
  raw: number[];
  /** Sends the request once (for a profile). */
  again(port: number): Promise<unknown>;
}

export async function run(options: BenchOptions): Promise<BenchSection> {
  const runs = Math.max(3, options.runs);
  const work = mkdtempSync(join(os.tmpdir(), 'jodo-bench-sandbox-'));
  const file = join(work, 'sandbox.db');
  let cli: Cli | undefined;
  try {
    // The store as the CLI makes it (schema, fixture), then the million records.
    createSandbox({ db: file, dialer: false, tickMs: 0, log: () => {} }).close();
    const db = new Database(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const processId = (db.prepare('SELECT id FROM processes WHERE servicekey = ?').get(SERVICEKEY) as { id: number }).id;
    let t = performance.now();
    seed(db, processId);
    db.pragma('wal_checkpoint(TRUNCATE)');
    options.log(`sandbox: seeded ${STORED.toLocaleString('en')} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    cli = await startCli(file);
    const startMs = performance.now() - t;
    const port = cli.port;
    const measures: Measure[] = [];

    // getProcessData: the same select, the same rows, sandbox then raw in each run.
    const numbers = Array.from({ length: NUMBERS }, (_, k) => seededMobile(Math.floor(((k + 0.5) * STORED) / NUMBERS)));
    type Stored = { fields: string; storedatetime: string };
    const queries: { name: string; request: Record<string, unknown>; raw: () => Stored[] }[] = [
      {
        name: `getProcessData by daterange, one hour (${HOUR.fromdate.slice(11)} to ${HOUR.todate.slice(11)})`,
        request: { method: 'getProcessData', searchparam: 'daterange', ...HOUR },
        raw: () => db.prepare(BY_DATERANGE).all(processId, HOUR.fromdate, HOUR.todate) as Stored[],
      },
      {
        name: 'getProcessData by daterange, one day',
        request: { method: 'getProcessData', searchparam: 'daterange', ...DAY },
        raw: () => db.prepare(BY_DATERANGE).all(processId, DAY.fromdate, DAY.todate) as Stored[],
      },
      {
        name: 'getProcessData of one record (by one number): the fixed cost of a request',
        request: { method: 'getProcessData', searchparam: 'mobilenumber', mobilenumber: numbers[0] },
        raw: () => db.prepare(BY_MOBILE).all(processId, JSON.stringify([numbers[0]])) as Stored[],
      },
      {
        name: `getProcessData by an array of ${NUMBERS} numbers`,
        request: { method: 'getProcessData', searchparam: 'mobilenumber', mobilenumber: numbers },
        raw: () => db.prepare(BY_MOBILE).all(processId, JSON.stringify(numbers)) as Stored[],
      },
    ];
    for (const query of queries) {
      // One of each first, not counted: the JIT, both page caches, and the check that both return the same rows.
      const first = await post(port, query.request);
      expectSuccess(first, query.name);
      const rows = query.raw();
      const got = (first.body.data ?? []).map((r) => `${String(r['customercode'])} ${String(r['storedatetime'])}`);
      const want = rows.map((r) => `${(JSON.parse(r.fields) as { customercode: string }).customercode} ${r.storedatetime}`);
      if (got.length !== want.length || got.some((line, i) => line !== want[i])) {
        throw new Error(`${query.name}: the sandbox returned ${got.length} records, raw SQLite ${rows.length} (or not the same)`);
      }
      const m: Measure = { name: query.name, context: query.name.includes('fixed cost'), rows: rows.length, bytes: first.bytes, sandbox: [], raw: [], again: (p) => post(p, query.request) };
      for (let r = 0; r < runs; r++) {
        m.sandbox.push((await post(port, query.request)).ms);
        const started = performance.now();
        query.raw();
        m.raw.push(performance.now() - started);
      }
      options.log(`sandbox: ${m.name}: ${m.rows} records, sandbox ${num(median(m.sandbox))} ms, raw ${num(median(m.raw))} ms`);
      measures.push(m);
    }

    // ImportProcessData: new leads each run (every record an insert), sandbox then raw into the same store.
    const importName = `ImportProcessData of ${MAX_RECORDS.toLocaleString('en')} records in one request`;
    const importRequest = (records: ImportRecord[]) => ({ method: 'ImportProcessData', media: 12, updateparam: 'customercode', data: records });
    let profiled = 0; // new leads for each profiled request too
    const imp: Measure = { name: importName, rows: MAX_RECORDS, bytes: 0, sandbox: [], raw: [], again: (p) => post(p, importRequest(leads('P', profiled++))) };
    const before = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    for (let r = -1; r < runs; r++) {
      const reply = await post(port, importRequest(leads('S', r + 1)));
      expectSuccess(reply, importName);
      const raw = rawImport(db, processId, leads('R', r + 1));
      if (r < 0) continue; // the first of each is not counted
      imp.sandbox.push(reply.ms);
      imp.raw.push(raw);
    }
    const stored = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n - before;
    if (stored !== 2 * (runs + 1) * MAX_RECORDS) throw new Error(`${importName}: ${stored} records stored, ${2 * (runs + 1) * MAX_RECORDS} expected`);
    imp.bytes = Buffer.byteLength(new URLSearchParams({ data: JSON.stringify(importRequest(leads('S', 0))) }).toString());
    options.log(`sandbox: ${importName}: sandbox ${num(median(imp.sandbox))} ms, raw ${num(median(imp.raw))} ms`);
    measures.unshift(imp);

    // A profile of the sandbox process for every figure that misses (or all, with BENCH_PROFILE=1).
    const aimed = measures.filter((m) => !m.context);
    const missed = aimed.filter((m) => median(m.sandbox) > AIM * median(m.raw));
    const toProfile = process.env['BENCH_PROFILE'] === '1' ? aimed : missed;
    await stopCli(cli);
    cli = undefined;
    let profile = '';
    if (toProfile.length) {
      const dir = join(work, 'prof');
      cli = await startCli(file, dir);
      const parts: string[] = [];
      const windows = new Map<Measure, [number, number][]>();
      for (const m of toProfile) {
        await m.again(cli.port); // warm (the JIT), outside the windows
        const list: [number, number][] = [];
        for (let r = 0; r < runs; r++) {
          const from = monotonicUs();
          await m.again(cli.port);
          list.push([from, monotonicUs()]);
        }
        windows.set(m, list);
      }
      await new Promise((done) => setTimeout(done, 200)); // the profiler's last samples, before it stops
      await stopCli(cli);
      cli = undefined;
      const profFile = join(dir, readdirSync(dir).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))!);
      for (const m of toProfile) {
        const s = summarise(profFile, windows.get(m)!);
        parts.push(`#### ${m.name}\n\nBusy CPU of the sandbox process over the ${runs} profiled requests: ${num(s.busyMs)} ms (${num(s.busyMs / runs)} ms a request).\n\n${table(['self', 'ms', 'function'], s.rows)}`);
      }
      profile = parts.join('\n\n');
    }

    db.close();
    return { title: 'Sandbox', figures: figuresOf(measures), markdown: markdown(measures, runs, startMs, profile) };
  } finally {
    if (cli) await stopCli(cli);
    rmSync(work, { recursive: true, force: true });
  }
}

function figuresOf(measures: Measure[]): Figure[] {
  return measures.filter((m) => !m.context).map((m) => {
    const value = median(m.sandbox);
    const reference = median(m.raw);
    return {
      name: `${m.name} (${m.rows.toLocaleString('en')} records), p50`,
      value,
      unit: 'ms',
      reference: { name: 'raw better-sqlite3', value: reference },
      aim: '<= 2x raw SQLite',
      met: value <= AIM * reference,
    };
  });
}

/**
 * What the first run of this benchmark found, the cause and the change made (measured
 * before the change, 7 runs, on this 2-core machine; the raw reference then was the
 * sandbox's select of the time, SELECT *).
 */
const BEFORE = `**Before** (the first run of this benchmark, 7 runs, the sandbox's getProcessData as it was): by an hour 3.44 ms against raw 1.21 ms (2.84x, missed); by a day 51.5 ms against 32.2 ms (1.60x); by 100 numbers 1.62 ms against 0.58 ms (2.78x, missed); ImportProcessData 125 ms against 91.1 ms (1.37x). In the sandbox's profile of the day, 60% of its CPU was the better-sqlite3 call inside getProcessData and 18% \`present\` (parsing each stored record, copying it with storedatetime) plus 11% garbage collection and 4% \`sendJson\` encoding it again.

**The cause** (ours): getProcessData selected \`SELECT *\` (12 columns, all sorted by a temporary B-tree for \`ORDER BY id\` and handed to JavaScript as objects) where the answer needs two, \`fields\` and \`storedatetime\`; then it parsed every stored form, spread it into a new object and encoded it all again. Measured apart on the day's 10,000 records: the whole-row select 26 ms against 7 ms for the two columns; parse, spread and encode 17 ms against 3.4 ms for splicing \`"storedatetime"\` into the stored JSON text.

**The fix** (\`src/server/sandbox/methods/process-data.ts\`, \`src/server/http/respond.ts\`): getProcessData selects \`fields, storedatetime\` only, and writes each record by splicing \`,"storedatetime":"…"\` before the stored form's closing brace (the form is JSON.stringify's text, so this is byte for byte what parsing and encoding gave; a form with a storedatetime of its own still takes the long way); the list goes out as one \`JsonText\`, which \`sendJson\` writes as it is. \`test/server/sandbox/process-data.node.test.ts\` checks the answer's text against the old way, awkward forms included. The raw reference is the sandbox's select word for word, so it got faster too (the day: 32 ms to about 10 ms): the ratios below are against that faster select.

**After**: the table above (this run). The sandbox's own times fell (the day by about a third, the hour and the 100 numbers by about half); what is left is below.`;

/** What the fixed cost of a request explains, from this run's figures. */
function remainder(measures: Measure[]): string {
  const floor = measures.find((m) => m.context);
  if (!floor) return '';
  const fixed = median(floor.sandbox) - median(floor.raw);
  const lines = measures
    .filter((m) => !m.context && median(m.sandbox) > AIM * median(m.raw))
    .map((m) => {
      const s = median(m.sandbox);
      const r = median(m.raw);
      const perRecord = s - r - fixed;
      return `- ${m.name}: ${num(s)} ms = raw ${num(r)} ms + the fixed cost ${num(fixed)} ms + ${num(perRecord)} ms for its ${m.rows.toLocaleString('en')} records (${num((perRecord / m.rows) * 1000)} µs a record: ${m.name.startsWith('Import') ? 'the form decoding, JSON parsing and schema validation of the request, the lookup before each insert' : 'writing each record into the answer, encoding it and sending it'}).${r < fixed ? ` Its select takes less than a request's fixed cost, so no HTTP service could be within 2x of it.` : ''}`;
    });
  if (!lines.length) return `Every figure is within ${AIM}x. A request's fixed cost in this run: ${num(fixed)} ms (one record by number, less its select).`;
  return [
    `**What remains.** A request's fixed cost in this run, from the one-record request less its select: ${num(fixed)} ms (the client's request and the answer over loopback HTTP, Node's HTTP parsing, the form and JSON, the key checks, validation, the dialer's catch-up and the write transaction). Each missed figure, taken apart:`,
    '',
    ...lines,
  ].join('\n');
}

function markdown(measures: Measure[], runs: number, startMs: number, profile: string): string {
  const rows = measures.map((m) => [
    m.name,
    m.rows.toLocaleString('en'),
    `${num(m.bytes / 1024)} KiB`,
    median(m.sandbox),
    Math.min(...m.sandbox),
    median(m.raw),
    Math.min(...m.raw),
    ratio(median(m.sandbox), median(m.raw)),
  ]);
  return [
    table(['measurement', 'records', 'request / answer', 'sandbox p50 ms', 'sandbox min ms', 'raw p50 ms', 'raw min ms', 'p50 ratio'], rows),
    '',
    `Each figure is the median (p50) of ${runs} runs, after one run of each not counted. Sandbox and raw alternate within each run.`,
    '',
    '### Method',
    '',
    `- **The sandbox** runs as \`npm run sandbox -- --db <file> --no-dialer --port 0\` does: its own Node process (under tsx), a SQLite file in WAL mode in a temporary directory, the fixture loaded. That is how a client meets it (the toolbar, a CRM, the tests); :memory: would only be the throwaway store of the tests. The dialer is paused so it does not start calling the imported leads while the figures are taken (it still moves calls on every request, as always). Start-up took ${num(startMs / 1000)} s and is not measured.`,
    '- **The sandbox figure** is one request as `JodoClient` sends it, timed in this process from sending the first byte to receiving the last byte of the answer over a kept-alive connection to 127.0.0.1: the form body (`data=<JSON>`, percent-encoded by URLSearchParams), reading it, decoding the form and parsing the JSON, the key checks, validation against the request schema (the same one the client uses), the method itself in one write transaction, building the reply and encoding it as JSON, and HTTP both ways. Building the request body before and parsing the answer after are the client\'s work and left out.',
    `- **The raw reference** is better-sqlite3 in this process on the same file (same schema and indexes, as \`openStore\` makes them). For getProcessData: the sandbox's own SELECT, word for word, prepared and \`.all()\` (rows as objects; no JSON). The rows are checked to be the same records in the same order as the sandbox's answer. For ImportProcessData: one prepared INSERT of the same columns and values (the record's JSON from \`JSON.stringify\`, the key columns, media 12, queued for dialling) for each of the 10,000 records, in one transaction; it does not look each key up first, as the sandbox's upsert must.`,
    `- **The store**: ${STORED.toLocaleString('en')} records of one process seeded with SQL before the CLI starts (not measured), shaped as ImportProcessData stores them (the fields as JSON, \`mobilenumber\` and \`customercode\` columns, media 12, dialled), ${SEED_BATCH} records to an import every ${SEED_STEP_S} s from ${SEED_START}: about ${Math.round((SEED_BATCH * 3600) / SEED_STEP_S)} records an hour, ${((SEED_BATCH * 86400) / SEED_STEP_S).toLocaleString('en')} a day. The records indexes are dropped for the seeding and created again from the store's own definitions.`,
    `- **Result size**: neither Jodo's document nor CONTRACT.md pages getProcessData or limits its result; the sandbox returns every match. An hour is what a CRM pulling \"what was stored since I last asked\" gets; a day is ${((SEED_BATCH * 86400) / SEED_STEP_S).toLocaleString('en')} records, as many as one ImportProcessData may carry (a day's campaign list). The ${NUMBERS} numbers are spread over the store, one record each.`,
    `- **ImportProcessData**: ${MAX_RECORDS.toLocaleString('en')} new leads each run (new customer codes, so every record is an insert; \`updateparam\` customercode, media 12, so each is queued for the dialer). A record carries a number and a customer code only: percent-encoded, ${MAX_RECORDS.toLocaleString('en')} records must fit the sandbox's 1 MiB body limit (the request is ${num(measures[0]!.bytes / 1024)} KiB). Each run adds its records to the store (${STORED.toLocaleString('en')} and more).`,
    '',
    '### Profile',
    '',
    BEFORE,
    '',
    remainder(measures),
    ...(profile ? ['', `CPU profiles of the sandbox process in this run (\`node --cpu-prof\`, sampling every ${PROFILE_INTERVAL_US} µs, after one request not counted; self time, so a better-sqlite3 call counts in the function that makes it):`, '', profile] : []),
  ].join('\n');
}

await runAlone(import.meta.url, run);
