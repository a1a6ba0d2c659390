#!/usr/bin/env node
/**
 * `jodo-users sync <users.csv|users.json> [--endpoint URL] [--key-file PATH] [--state PATH] [--dry-run] [--json] [--concurrency 4]`
 * (in this repository: `npm run users -- sync users.csv`).
 * Keeps Jodo's users in step with a CRM's list: adds the new, edits the
 * changed, deletes the gone, as compared with the state file of the last
 * sync. The organisation key comes from --key-file or JODO_APIKEY (the
 * sandbox's `test_org` when no --endpoint is given: the local sandbox).
 * Exit codes: 0 all in step, 1 a user failed or a row is bad, 2 a usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JodoClient } from '../../api/client.js';
import { summarize, summaryLine, resultTable } from '../user-sync/report.js';
import { readState, StateFileError, writeState, type SyncState } from '../user-sync/state.js';
import { DEFAULT_CONCURRENCY, syncUsers } from '../user-sync/sync.js';
import { readUsersFile, UserInputError } from '../user-sync/users.js';

const USAGE =
  'usage: jodo-users sync <users.csv|users.json> [--endpoint URL] [--key-file PATH] [--state PATH] [--dry-run] [--json] [--concurrency 4] [--allow-empty]\n' +
  '  (in this repository: npm run users -- sync users.csv)\n' +
  '  The key comes from --key-file (or --apikey-file) or JODO_APIKEY; never from the command line.';
/** The local sandbox's endpoint (`npm run sandbox`). */
const SANDBOX_ENDPOINT = 'http://127.0.0.1:8787/CustomerWebServices/handleCustomerWS';
const SANDBOX_APIKEY = 'test_org';

function fail(message: string, usage = true): never {
  process.stderr.write(`${message}\n${usage ? `${USAGE}\n` : ''}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        endpoint: { type: 'string' },
        'key-file': { type: 'string' },
        'apikey-file': { type: 'string' },
        state: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
        'allow-empty': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

const { values: args, positionals } = parse();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [command, input, ...extra] = positionals;
if (command !== 'sync') fail(command === undefined ? 'name a command: sync' : `unknown command ${command}: the command is sync`);
if (input === undefined) fail('name the users file: a .csv with a header row, or a .json array');
if (extra.length) fail(`one users file at a time, not also ${extra.join(' ')}`);
const concurrency = Number(args.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) fail(`--concurrency must be a whole number from 1 to 64, not ${args.concurrency}`);
if (args['key-file'] && args['apikey-file']) fail('give --key-file or --apikey-file, not both');
let endpoint = args.endpoint ?? SANDBOX_ENDPOINT;
try {
  endpoint = new URL(endpoint).href;
} catch {
  fail(`--endpoint must be a URL, not ${endpoint}`);
}

function readKey(): string {
  const file = args['key-file'] ?? args['apikey-file'];
  if (file) {
    let key = '';
    try {
      key = readFileSync(file, 'utf8').trim();
    } catch {
      fail(`the key file ${file} cannot be read`);
    }
    if (!key) fail(`the key file ${file} is empty`);
    return key;
  }
  if (process.env['JODO_APIKEY']?.trim()) return process.env['JODO_APIKEY'].trim();
  if (args.endpoint === undefined) return SANDBOX_APIKEY; // the local sandbox's organisation
  fail('the organisation key is missing: pass --key-file PATH or set JODO_APIKEY');
}

const stateFile = args.state ?? `${input}.jodo-sync.json`;
let list;
let state;
try {
  list = readUsersFile(input);
  state = readState(stateFile);
} catch (error) {
  if (error instanceof UserInputError || error instanceof StateFileError) fail(error.message, false);
  throw error;
}
if (state.endpoint !== undefined && state.endpoint !== endpoint) {
  fail(`the state file ${stateFile} is of a sync to ${state.endpoint}, not ${endpoint}: pass --state with another file for this endpoint`, false);
}
const known = Object.keys(state.users).length;
if (!list.users.length && !list.invalid.length && known && !args['allow-empty']) {
  fail(`${input} lists no users: syncing it would delete all ${known} users of the last sync. If that is meant, pass --allow-empty.`, false);
}
if (list.ignoredFields.length) {
  process.stderr.write(`note: ${list.ignoredFields.join(', ')} ${list.ignoredFields.length === 1 ? 'is not an addEditUser field' : 'are not addEditUser fields'}: left out\n`);
}

const dryRun = args['dry-run'];
// A dry run sends nothing, so it needs no key.
const client = new JodoClient({ endpoint, apikey: dryRun ? undefined : readKey() });
const stop = new AbortController();
// The state as the run goes, written at most once a second: a crash or a kill loses a second's successes, not the run's.
let latest: SyncState | undefined;
let lastWrite = 0;
const keep = (next: SyncState) => {
  latest = next;
  if (Date.now() - lastWrite < 1000) return;
  lastWrite = Date.now();
  try {
    writeState(stateFile, next);
  } catch {
    // Said once, at the end, when the final write fails too.
  }
};
const onSignal = () => {
  if (stop.signal.aborted) {
    // A second signal: keep what succeeded, then go now.
    if (latest && !dryRun) writeState(stateFile, latest);
    process.exit(130);
  }
  process.stderr.write('stopping: no new requests; what succeeded is kept in the state file (again to stop at once)\n');
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const report = await syncUsers({ client, ...list, state: { ...state, endpoint }, dryRun, concurrency, signal: stop.signal, ...(dryRun ? {} : { onProgress: keep }) });
if (report.deletesHeld.length) {
  process.stderr.write(`not deleted: ${report.deletesHeld.length} user${report.deletesHeld.length === 1 ? '' : 's'} gone from the list, because a bad row's login cannot be read (it may be one of them); fix the bad rows and sync again\n`);
}
if (!dryRun) {
  try {
    writeState(stateFile, report.state);
  } catch (error) {
    process.stderr.write(`the state file ${stateFile} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the next sync sends these users again\n`);
    process.exitCode = 1;
  }
}
const summary = summarize(report.results);
if (args.json) {
  process.stdout.write(`${JSON.stringify({ dryRun, endpoint, stateFile, summary, results: report.results }, null, 2)}\n`);
} else {
  process.stdout.write(`${dryRun ? `dry run: nothing sent, ${stateFile} not written\n` : ''}${resultTable(report.results)}${summaryLine(summary, dryRun)}\n`);
}
if (summary.failed || summary.badRows) process.exitCode = 1;
