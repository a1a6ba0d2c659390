/** syncUsers against the real sandbox over HTTP: the diff, Jodo's answers steering fallbacks, failures kept for the next run. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { JodoClient } from '../../../src/api/client.js';
import { emptyState, type SyncState } from '../../../src/server/user-sync/state.js';
import { syncUsers } from '../../../src/server/user-sync/sync.js';
import { usersFromJson, type UserList } from '../../../src/server/user-sync/users.js';
import { startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

let jodo: RunningSandbox;
let client: JodoClient;

before(async () => {
  jodo = await startSandbox();
  client = new JodoClient({ endpoint: jodo.endpoint, apikey: 'test_org' });
});
after(() => jodo.close());
beforeEach(async () => {
  assert.equal((await jodo.control('/sandbox/reset')).status, 200);
});

function crm(users: Array<Record<string, unknown>>): UserList {
  return usersFromJson(JSON.stringify(users.map((u) => ({ usertype: 'User', mediadetails: 'Voice In', ...u }))));
}

const people = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ loginid: `p${from + i}@crm.example`, username: `Person ${from + i}` }));

async function requests(): Promise<Record<string, number>> {
  return ((await (await fetch(`${jodo.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> }).requests;
}

/** Jodo requests of each user method that `run` made. */
async function counted(run: () => Promise<unknown>): Promise<{ addEditUser: number; deleteUser: number }> {
  const before = await requests();
  await run();
  const now = await requests();
  const delta = (m: string) => (now[m] ?? 0) - (before[m] ?? 0);
  return { addEditUser: delta('addEditUser'), deleteUser: delta('deleteUser') };
}

function agent(login: string): { username: string; password_md5: string | null; profile: string } | undefined {
  return jodo.sandbox.db.prepare('SELECT username, password_md5, profile FROM agents WHERE login = ?').get(login) as never;
}

const outcomes = (results: { loginid: string; action: string; outcome: string }[]) => results.map((r) => `${r.loginid} ${r.action} ${r.outcome}`);

describe('syncUsers', () => {
  test('adds the new, edits the changed, deletes the gone, leaves the rest: one request each', async () => {
    const first = await syncUsers({ client, ...crm(people(5)), state: emptyState() });
    assert.deepEqual(first.results.map((r) => r.outcome), ['ok', 'ok', 'ok', 'ok', 'ok']);
    assert.deepEqual(Object.keys(first.state.users).sort(), people(5).map((p) => p.loginid));
    assert.equal(agent('p3@crm.example')?.username, 'Person 3');

    const list = people(5).filter((p) => p.loginid !== 'p2@crm.example');
    list[2] = { ...list[2]!, username: 'Person Four, renamed' };
    let second!: Awaited<ReturnType<typeof syncUsers>>;
    const sent = await counted(async () => (second = await syncUsers({ client, ...crm(list), state: first.state })));
    assert.deepEqual(sent, { addEditUser: 1, deleteUser: 1 });
    assert.deepEqual(outcomes(second.results), [
      'p1@crm.example unchanged unchanged',
      'p3@crm.example unchanged unchanged',
      'p4@crm.example edit ok',
      'p5@crm.example unchanged unchanged',
      'p2@crm.example delete ok',
    ]);
    assert.equal(agent('p4@crm.example')?.username, 'Person Four, renamed');
    assert.equal(agent('p2@crm.example'), undefined);
    assert.deepEqual(Object.keys(second.state.users).sort(), list.map((p) => p.loginid).sort());

    const third = await counted(() => syncUsers({ client, ...crm(list), state: second.state }));
    assert.deepEqual(third, { addEditUser: 0, deleteUser: 0 }, 'nothing changed: nothing sent');
  });

  test('a first sync against a Jodo that has the user already edits it; an edit of a user Jodo lost adds it; a delete of one it lacks is done', async () => {
    const existing = 'dinesh.s@avhan.com';
    const { results, state } = await syncUsers({ client, ...crm([{ loginid: existing, username: 'Dinesh S', password: 'new-pass' }]), state: emptyState() });
    assert.deepEqual(results, [{ loginid: existing, row: 1, action: 'add', outcome: 'ok', sent: 'edit', message: 'already in Jodo: edited' }]);
    assert.equal(agent(existing)?.username, 'Dinesh S');
    assert.ok(state.users[existing]);

    // Someone deletes both users in Jodo behind the sync's back.
    await client.deleteUser({ loginid: existing });
    const stale: SyncState = { ...state, users: { ...state.users, 'gone@crm.example': 'sha256:old' } };
    const changed = await syncUsers({ client, ...crm([{ loginid: existing, username: 'Dinesh S.' }]), state: stale });
    assert.deepEqual(changed.results, [
      { loginid: existing, row: 1, action: 'edit', outcome: 'ok', sent: 'add', message: 'not in Jodo: added' },
      { loginid: 'gone@crm.example', action: 'delete', outcome: 'ok', message: 'not in Jodo: nothing to delete' },
    ]);
    assert.equal(agent(existing)?.username, 'Dinesh S.');
    assert.deepEqual(Object.keys(changed.state.users), [existing]);
  });

  test('failures are kept out of the state; the next run sends exactly those again', async () => {
    // The first three adds are refused by a failing upstream, the fourth times out.
    await jodo.control('/sandbox/faults', { method: 'addEditUser', http: 503, times: 3 });
    await jodo.control('/sandbox/faults', { method: 'addEditUser', delayMs: 400 });
    const hasty = new JodoClient({ endpoint: jodo.endpoint, apikey: 'test_org', timeoutMs: 200 });
    const first = await syncUsers({ client: hasty, ...crm(people(8)), state: emptyState(), concurrency: 1 });
    assert.deepEqual(first.results.map((r) => r.outcome), ['failed', 'failed', 'failed', 'failed', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(first.results[0]!.message, 'http: addEditUser failed with HTTP 503');
    assert.equal(first.results[3]!.message, 'timeout: addEditUser got no answer within 200 ms');
    assert.deepEqual(Object.keys(first.state.users).sort(), people(4, 5).map((p) => p.loginid));

    // A write that timed out may have landed all the same (this sandbox drops it; a real Jodo may not).
    await client.addEditUser({ action: 'add', loginid: 'p4@crm.example', username: 'Person 4', usertype: 'User', mediadetails: [{ media: 'Voice In' }] });
    let second!: Awaited<ReturnType<typeof syncUsers>>;
    const sent = await counted(async () => (second = await syncUsers({ client, ...crm(people(8)), state: first.state })));
    assert.deepEqual(outcomes(second.results).slice(0, 4), people(4).map((p) => `${p.loginid} add ok`));
    assert.equal(second.results[3]!.message, 'already in Jodo: edited', 'the add that timed out had landed: an edit makes sure of it');
    assert.deepEqual(sent, { addEditUser: 5, deleteUser: 0 });
    assert.deepEqual(Object.keys(second.state.users).sort(), people(8).map((p) => p.loginid).sort());
  });

  test('a fallback that fails too says both, and the user stays unsynced', async () => {
    await jodo.control('/sandbox/faults', { method: 'addEditUser', status: 5 });
    await jodo.control('/sandbox/faults', { method: 'addEditUser', status: 403 });
    const { results, state } = await syncUsers({ client, ...crm(people(1)), state: emptyState() });
    assert.deepEqual(results, [
      { loginid: 'p1@crm.example', row: 1, action: 'add', outcome: 'failed', sent: 'edit', code: 403, message: 'already in Jodo, then edit failed: 403 userimage not found' },
    ]);
    assert.deepEqual(state.users, {});
  });

  test('a Jodo that cannot be reached fails every user on its own and the state stays as it was', async () => {
    const closed = await startSandbox();
    const endpoint = closed.endpoint;
    await closed.close();
    const state: SyncState = { ...emptyState(), users: { 'old@crm.example': 'sha256:x' } };
    const report = await syncUsers({ client: new JodoClient({ endpoint, apikey: 'test_org' }), ...crm(people(3)), state });
    assert.deepEqual(report.results.map((r) => r.outcome), ['failed', 'failed', 'failed', 'failed']);
    assert.match(report.results[0]!.message!, /^network: addEditUser could not reach the Jodo service/);
    assert.deepEqual(report.state, state);
  });

  test('tells its caller the state after each success, so that a crash loses little', async () => {
    const seen: number[] = [];
    await syncUsers({ client, ...crm(people(3)), state: emptyState(), onProgress: (state) => seen.push(Object.keys(state.users).length) });
    assert.deepEqual(seen.sort(), [1, 2, 3]);
  });

  test('a dry run plans and sends nothing; the state comes back unchanged', async () => {
    const { state } = await syncUsers({ client, ...crm(people(3)), state: emptyState() });
    const list = crm([...people(1), { loginid: 'new@crm.example', username: 'New' }, { loginid: 'p2@crm.example', username: '' }]);
    let report!: Awaited<ReturnType<typeof syncUsers>>;
    const sent = await counted(async () => (report = await syncUsers({ client, ...list, state, dryRun: true })));
    assert.deepEqual(sent, { addEditUser: 0, deleteUser: 0 });
    assert.deepEqual(outcomes(report.results), ['p2@crm.example none bad-row', 'p1@crm.example unchanged unchanged', 'new@crm.example add planned', 'p3@crm.example delete planned']);
    assert.deepEqual(report.state, state);
  });

  test('while a bad row\'s login cannot be read, users gone from the list are held back, not deleted', async () => {
    const { state } = await syncUsers({ client, ...crm(people(2)), state: emptyState() });
    const list = crm([...people(1), { loginid: 'p2@crm,example', username: 'P2 with a typo' }]);
    const sent = await counted(async () => {
      const report = await syncUsers({ client, ...list, state });
      assert.deepEqual(outcomes(report.results), [' none bad-row', 'p1@crm.example unchanged unchanged']);
      assert.deepEqual(report.deletesHeld, ['p2@crm.example']);
      assert.deepEqual(Object.keys(report.state.users).sort(), ['p1@crm.example', 'p2@crm.example']);
    });
    assert.deepEqual(sent, { addEditUser: 0, deleteUser: 0 });
    assert.ok(agent('p2@crm.example'), 'the user whose login was mistyped is still in Jodo');
  });

  test('a bad row never deletes its user; concurrency is honoured; a stopped sync keeps what it did', async () => {
    const { state } = await syncUsers({ client, ...crm(people(2)), state: emptyState() });
    const list = crm([{ loginid: 'p1@crm.example', username: '' }, ...people(1, 2)]);
    const report = await syncUsers({ client, ...list, state });
    assert.deepEqual(outcomes(report.results), ['p1@crm.example none bad-row', 'p2@crm.example unchanged unchanged']);
    assert.ok(agent('p1@crm.example'), 'p1 is still in Jodo');

    let inFlight = 0;
    let most = 0;
    const stop = new AbortController();
    const watched = {
      addEditUser: async (...args: Parameters<JodoClient['addEditUser']>) => {
        most = Math.max(most, ++inFlight);
        try {
          return await client.addEditUser(...args);
        } finally {
          inFlight--;
          if (args[0].loginid === 'p20@crm.example') stop.abort();
        }
      },
      deleteUser: client.deleteUser.bind(client),
    };
    const stopped = await syncUsers({ client: watched, ...crm(people(40, 10)), state: emptyState(), concurrency: 3, signal: stop.signal });
    assert.equal(most, 3);
    const done = stopped.results.filter((r) => r.outcome === 'ok').length;
    assert.ok(done >= 11 && done < 40, `${done} done before the stop`);
    assert.ok(stopped.results.filter((r) => r.outcome === 'failed').every((r) => r.message === 'not sent: the sync was stopped'));
    assert.equal(Object.keys(stopped.state.users).length, done);
  });
});
