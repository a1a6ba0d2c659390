/** `jodo-users sync` as a CRM's job runs it: the real CLI process against the real sandbox over HTTP. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { JodoClient } from '../../../src/api/client.js';
import { md5Hex } from '../../../src/server/user-sync/users.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const CLI = ['--import', 'tsx', 'src/server/cli/users.ts'];
const USERS = 1000;
/** The data row with an invalid e-mail: row 502 as a spreadsheet numbers it (the header is row 1). */
const BAD_INDEX = 500;
const BAD_ROW = BAD_INDEX + 2;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const outputs: string[] = [];

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JODO_APIKEY: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    }),
  );
}

const password = (i: number) => `Pw-${i}-zebra "quoted", too`;
const login = (i: number) => `crm${i}@example.com`;

/** The CRM's export: BOM, CRLF, quoted fields with commas and quotes; one row has an invalid e-mail. */
function csv(rows: number[], name: (i: number) => string = (i) => `Agent ${i}, Sales`): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = rows.map((i) => [i === BAD_INDEX ? 'not-an-email' : login(i), quote(name(i)), 'User', 'Voice In;Voice Out', quote(password(i)), 'Pune'].join(','));
  return `\ufeffloginid,username,usertype,mediadetails,password,city\r\n${lines.join('\r\n')}\r\n`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

let jodo: RunningSandbox;
let dir: string;
let input: string;
let stateFile: string;
let keyFile: string;

before(async () => {
  jodo = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'jodo-users-'));
  input = join(dir, 'users.csv');
  stateFile = join(dir, 'users.csv.jodo-sync.json');
  keyFile = join(dir, 'jodo.key');
  writeFileSync(keyFile, 'test_org\n');
});
after(async () => {
  await jodo.close();
  rmSync(dir, { recursive: true, force: true });
});

async function userRequests(): Promise<{ addEditUser: number; deleteUser: number }> {
  const { requests } = (await (await fetch(`${jodo.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> };
  return { addEditUser: requests['addEditUser'] ?? 0, deleteUser: requests['deleteUser'] ?? 0 };
}

async function sentBy(run: () => Promise<Run>): Promise<{ run: Run; sent: { addEditUser: number; deleteUser: number } }> {
  const before = await userRequests();
  const result = await run();
  const now = await userRequests();
  return { run: result, sent: { addEditUser: now.addEditUser - before.addEditUser, deleteUser: now.deleteUser - before.deleteUser } };
}

const sync = (...extra: string[]) => cli(['sync', input, '--endpoint', jodo.endpoint, ...extra], { JODO_APIKEY: 'test_org' });
const lastLine = (run: Run) => run.stdout.trimEnd().split('\n').at(-1);

describe('jodo-users sync', () => {
  test('a dry run of 1,000 users prints the plan and sends nothing, writes no state, needs no key', async () => {
    writeFileSync(input, csv(range(USERS)));
    const { run, sent } = await sentBy(() => cli(['sync', input, '--endpoint', jodo.endpoint, '--dry-run']));
    assert.equal(run.code, 1, 'a bad row makes even a dry run exit non-zero');
    assert.deepEqual(sent, { addEditUser: 0, deleteUser: 0 });
    assert.ok(!existsSync(stateFile));
    assert.match(run.stdout, /^dry run: nothing sent/);
    assert.match(run.stdout, /^2\s+crm0@example\.com\s+add\s+planned$/m);
    assert.equal(lastLine(run), 'would add 999, edit 0, delete 0; 0 unchanged; 1 bad row');
  });

  test('the first sync adds 999 users, names the bad row, exits non-zero; Jodo has them', async () => {
    const { run, sent } = await sentBy(() => sync());
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    assert.deepEqual(sent, { addEditUser: 999, deleteUser: 0 });
    assert.match(run.stdout, new RegExp(`^${BAD_ROW}\\s+-\\s+-\\s+bad row: loginid must be an e-mail address$`, 'm'));
    assert.equal(lastLine(run), '999 added, 0 edited, 0 deleted, 0 unchanged; 0 failed; 1 bad row');

    const { n } = jodo.sandbox.db.prepare("SELECT COUNT(*) AS n FROM agents WHERE login LIKE 'crm%@example.com'").get() as { n: number };
    assert.equal(n, 999);
    const stored = jodo.sandbox.db.prepare('SELECT username, password_md5 FROM agents WHERE login = ?').get(login(7)) as { username: string; password_md5: string };
    assert.deepEqual(stored, { username: 'Agent 7, Sales', password_md5: md5Hex(password(7)) }, 'the password went as its MD5');
    const client = new JodoClient({ endpoint: jodo.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess' });
    const { data } = await client.userStatus({ loginids: [login(0), login(999), login(BAD_INDEX)] });
    assert.deepEqual(data.agents.map((a) => a.ok), [true, true, false], 'Jodo knows the synced users, not the bad row');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { endpoint: string; users: Record<string, string> };
    assert.equal(Object.keys(state.users).length, 999);
    assert.equal(state.endpoint, jodo.endpoint);
  });

  test('the second run changes nothing and sends nothing', async () => {
    const { run, sent } = await sentBy(() => sync());
    assert.deepEqual(sent, { addEditUser: 0, deleteUser: 0 });
    assert.equal(lastLine(run), '0 added, 0 edited, 0 deleted, 999 unchanged; 0 failed; 1 bad row');
  });

  test('a changed user and a removed one while the bad row stands: the edit goes, the delete is held back (the bad row could be that user) and said', async () => {
    writeFileSync(input, csv(range(USERS).filter((i) => i !== 20), (i) => (i === 10 ? 'Agent Ten, promoted' : `Agent ${i}, Sales`)));
    const first = await sentBy(() => cli(['sync', input, '--endpoint', jodo.endpoint, '--key-file', keyFile]));
    assert.deepEqual(first.sent, { addEditUser: 1, deleteUser: 0 });
    assert.equal(first.run.code, 1);
    assert.match(first.run.stdout, /^12\s+crm10@example\.com\s+edit\s+ok$/m);
    assert.match(first.run.stderr, /not deleted: 1 user gone from the list, because a bad row's login cannot be read/);
    assert.equal(lastLine(first.run), '0 added, 1 edited, 0 deleted, 997 unchanged; 0 failed; 1 bad row');
    assert.equal((jodo.sandbox.db.prepare('SELECT username FROM agents WHERE login = ?').get(login(10)) as { username: string }).username, 'Agent Ten, promoted');
    assert.ok(jodo.sandbox.db.prepare('SELECT login FROM agents WHERE login = ?').get(login(20)), 'still in Jodo');
  });

  test('with the bad row fixed the delete goes; a failed delete is the only thing the next run sends; then it exits 0 (--json gives every result)', async () => {
    writeFileSync(input, csv(range(USERS).filter((i) => i !== 20 && i !== BAD_INDEX), (i) => (i === 10 ? 'Agent Ten, promoted' : `Agent ${i}, Sales`)));
    await jodo.control('/sandbox/faults', { method: 'deleteUser', http: 503 });
    const first = await sentBy(() => sync());
    assert.deepEqual(first.sent, { addEditUser: 0, deleteUser: 1 });
    assert.equal(first.run.code, 1);
    assert.match(first.run.stdout, /^-\s+crm20@example\.com\s+delete\s+failed: http: deleteUser failed with HTTP 503$/m);
    assert.equal(lastLine(first.run), '0 added, 0 edited, 0 deleted, 998 unchanged; 1 failed; 0 bad rows');

    const again = await sentBy(() => sync('--json'));
    assert.deepEqual(again.sent, { addEditUser: 0, deleteUser: 1 });
    assert.equal(again.run.code, 0, again.run.stdout);
    const report = JSON.parse(again.run.stdout) as { summary: Record<string, number>; results: { loginid: string; outcome: string }[] };
    assert.deepEqual(report.summary, { add: 0, edit: 0, delete: 1, unchanged: 998, failed: 0, badRows: 0 });
    assert.equal(report.results.length, 999);
    assert.equal(jodo.sandbox.db.prepare('SELECT login FROM agents WHERE login = ?').get(login(20)), undefined);
  });

  test('no password, plain or MD5, is in any output or in the state file', () => {
    const seen = [...outputs, readFileSync(stateFile, 'utf8')].join('\n');
    for (const i of range(USERS)) {
      assert.ok(!seen.includes(password(i)), `password ${i} in the output`);
      assert.ok(!seen.includes(md5Hex(password(i))), `the MD5 of password ${i} in the output`);
    }
    assert.doesNotMatch(seen, /zebra/);
  });

  test('usage errors exit 2 with a clear message; so do an input or state that cannot be used', async () => {
    const badState = join(dir, 'bad-state.json');
    writeFileSync(badState, '{"version":1,"users":');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[], {}, /^name a command: sync\nusage: jodo-users sync/],
      [['push', input], {}, /unknown command push/],
      [['sync'], {}, /name the users file/],
      [['sync', input, '--apikey', 'test_org'], {}, /Unknown option '--apikey'/],
      [['sync', input, '--endpoint', jodo.endpoint], {}, /the organisation key is missing: pass --key-file PATH or set JODO_APIKEY/],
      [['sync', input, '--concurrency', '0'], {}, /--concurrency must be a whole number from 1 to 64/],
      [['sync', join(dir, 'missing.csv'), '--dry-run'], {}, /missing\.csv cannot be read \(ENOENT\)/],
      [['sync', input, '--state', badState, '--dry-run'], {}, /bad-state\.json is not JSON: fix or remove it/],
      [['sync', input, '--endpoint', 'http://127.0.0.1:1/CustomerWebServices/handleCustomerWS', '--dry-run'], {}, /is of a sync to http:\/\/127\.0\.0\.1:\d+\/CustomerWebServices\/handleCustomerWS, not http:\/\/127\.0\.0\.1:1\//],
    ];
    for (const [args, env, message] of cases) {
      const run = await cli(args, env);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: jodo-users sync/);

    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'loginid,username,usertype,mediadetails\r\n');
    writeFileSync(`${empty}.jodo-sync.json`, JSON.stringify({ version: 1, users: { 'someone@example.com': 'sha256:x' } }));
    const refused = await cli(['sync', empty, '--endpoint', jodo.endpoint], { JODO_APIKEY: 'test_org' });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /lists no users: syncing it would delete all 1 users of the last sync\. If that is meant, pass --allow-empty/);
  });
});
