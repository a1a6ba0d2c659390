/**
 * Authorisation that knows who holds a record now (asked of Jodo before a
 * write that could change existing records): an agent cannot take another
 * agent's contact by upserting it, a supervisor cannot reallocate a contact
 * held outside their team. After every refusal the sandbox's store is
 * exactly as it was.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { KEY, rawPost, signIn, withSandboxAndGateway, type RunningGateway } from '../../helpers/gateway-server.js';
import { postJodo, type RunningSandbox } from '../../helpers/sandbox-server.js';
import { storeSnapshot } from '../../helpers/store-snapshot.js';

const DINESH = 'dinesh.s@avhan.com';
const DINESH_NUMBER = '9820012345';
const UNASSIGNED_NUMBER = '7507959484'; // the fixture's VoiceProcess record, held by nobody

describe('gateway: who holds a record', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  withSandboxAndGateway((running) => ({ sandbox, gateway } = running));

  /** Jodo's own view, with the organisation key: who holds the records of a number. */
  const holdersOf = async (mobilenumber: string) => {
    const { body } = await postJodo(sandbox.endpoint, { method: 'getProcessData', apikey: KEY, servicekey: 'VoiceProcess', searchparam: 'mobilenumber', mobilenumber });
    return ((body['data'] ?? []) as Record<string, unknown>[]).map((record) => record['userlogin'] ?? '');
  };
  const importAs = (cookie: string, data: Record<string, unknown>[], updateparam = 'mobilenumber') =>
    rawPost(gateway, cookie, { method: 'ImportProcessData', media: 12, updateparam, data });
  const outcome = async (answer: Promise<{ status: number; text: string }>) => {
    const { status, text } = await answer;
    const body = JSON.parse(text) as Record<string, unknown>;
    return { http: status, code: Number(body['status'] ?? body['statuscode']), method: body['method'] };
  };
  const REFUSED_IMPORT = { http: 403, code: 9403, method: 'ImportProcessData' };
  const SAVED_IMPORT = { http: 200, code: 1, method: 'ImportProcessData' };

  beforeEach(async () => {
    await sandbox.control('/sandbox/reset');
    // Dinesh holds a customer (their call is pinned to them), with a customer code too.
    const { body } = await postJodo(sandbox.endpoint, {
      method: 'ImportProcessData', apikey: KEY, servicekey: 'VoiceProcess', media: 12, updateparam: 'mobilenumber',
      data: [{ mobilenumber: DINESH_NUMBER, customercode: 'C-DIN', name: 'Dinesh\u2019s customer', userlogin: DINESH }],
    });
    assert.equal(Number(body['statuscode']), 1);
    assert.deepEqual(await holdersOf(DINESH_NUMBER), [DINESH]);
  });

  test('an agent cannot move another agent\'s contact to themself, nor change it, in any spelling of the update field', async () => {
    const cookie = await signIn(gateway, 'user1');
    const before = storeSnapshot(sandbox.sandbox.db);
    for (const [data, updateparam] of [
      [[{ mobilenumber: DINESH_NUMBER, userlogin: 'user1' }], 'mobilenumber'],
      [[{ mobilenumber: DINESH_NUMBER, name: 'Overwritten' }], 'mobilenumber'],
      [[{ Mobilenumber: DINESH_NUMBER, userlogin: 'user1' }], 'mobilenumber'],
      [[{ mobilenumber: '1112223334', userlogin: 'user1' }, { mobilenumber: DINESH_NUMBER, userlogin: 'user1' }], 'mobilenumber'],
      [[{ customercode: 'C-DIN', mobilenumber: '5556667778', userlogin: 'user1' }], 'customercode'],
    ] as const) {
      assert.deepEqual(await outcome(importAs(cookie, [...data], updateparam)), REFUSED_IMPORT, JSON.stringify(data));
    }
    assert.equal(storeSnapshot(sandbox.sandbox.db), before, 'nothing changed');
    assert.deepEqual(await holdersOf(DINESH_NUMBER), [DINESH]);
    assert.ok(gateway.logs.some((line) => /refused ImportProcessData for user1: Not allowed: this record is held by another agent/.test(line)));
  });

  test('an agent creates records for themself, changes their own, and takes up a record nobody holds (click to call)', async () => {
    const cookie = await signIn(gateway, 'user1');
    assert.deepEqual(await outcome(importAs(cookie, [{ mobilenumber: '9000011111', name: 'New', userlogin: 'USER1' }])), SAVED_IMPORT);
    assert.deepEqual(await holdersOf('9000011111'), ['user1'], 'pinned as the session spells the login');
    assert.deepEqual(await outcome(importAs(cookie, [{ mobilenumber: '9000011111', name: 'Renamed' }])), SAVED_IMPORT);
    assert.deepEqual(await outcome(importAs(cookie, [{ mobilenumber: UNASSIGNED_NUMBER, userlogin: 'user1', calltype: 5 }])), SAVED_IMPORT);
    assert.deepEqual(await holdersOf(UNASSIGNED_NUMBER), ['user1']);
    assert.deepEqual(await outcome(importAs(cookie, [{ mobilenumber: UNASSIGNED_NUMBER, userlogin: 'tanmay.k' }])), REFUSED_IMPORT, 'not for another agent');
  });

  test('a supervisor re-pins records within the team only; an admin re-pins any', async () => {
    const supervisor = await signIn(gateway, 'user10'); // team: user1, tanmay.k
    const before = storeSnapshot(sandbox.sandbox.db);
    assert.deepEqual(await outcome(importAs(supervisor, [{ mobilenumber: DINESH_NUMBER, userlogin: 'user1' }])), REFUSED_IMPORT);
    assert.equal(storeSnapshot(sandbox.sandbox.db), before);
    assert.deepEqual(await outcome(importAs(await signIn(gateway, 'user1'), [{ mobilenumber: '9000022222', userlogin: 'user1' }])), SAVED_IMPORT);
    assert.deepEqual(await outcome(importAs(supervisor, [{ mobilenumber: '9000022222', userlogin: 'tanmay.k' }])), SAVED_IMPORT);
    assert.deepEqual(await holdersOf('9000022222'), ['tanmay.k']);
    assert.deepEqual(await outcome(importAs(await signIn(gateway, 'test@avhan.com'), [{ mobilenumber: DINESH_NUMBER, userlogin: 'user1' }])), SAVED_IMPORT);
    assert.deepEqual(await holdersOf(DINESH_NUMBER), ['user1']);
  });

  test('a write sent again under its key gets its kept answer, Jodo not asked again, even once the record has moved to another agent', async () => {
    const cookie = await signIn(gateway, 'user1');
    const write = { method: 'ImportProcessData', media: 12, updateparam: 'mobilenumber', data: [{ mobilenumber: UNASSIGNED_NUMBER, name: 'Taken up', userlogin: 'user1' }] };
    const first = await rawPost(gateway, cookie, write, { 'idempotency-key': 'moved-on-0001' });
    assert.deepEqual(await outcome(Promise.resolve(first)), SAVED_IMPORT);
    // Its answer was lost on the way; before the agent's outbox sends it again, an administrator moves the record on.
    assert.deepEqual(await outcome(importAs(await signIn(gateway, 'test@avhan.com'), [{ mobilenumber: UNASSIGNED_NUMBER, userlogin: 'tanmay.k' }])), SAVED_IMPORT);
    const asked = async () => ((await (await fetch(`${sandbox.origin}/sandbox/stats`)).json()) as { requests: Record<string, number> }).requests['getProcessData'];
    const before = await asked();
    const again = await rawPost(gateway, cookie, write, { 'idempotency-key': 'moved-on-0001' });
    assert.deepEqual([again.status, again.headers.get('idempotent-replayed'), again.text], [200, 'true', first.text], 'the write was applied: not a 403 now');
    assert.equal(await asked(), before, 'Jodo was not asked who holds the record');
  });

  test('when Jodo cannot say who holds the records, the write is refused and nothing changes', async () => {
    const cookie = await signIn(gateway, 'user1');
    const before = storeSnapshot(sandbox.sandbox.db);
    await sandbox.control('/sandbox/faults', { method: 'getProcessData', http: 503 });
    const { status, text } = await importAs(cookie, [{ mobilenumber: UNASSIGNED_NUMBER, name: 'Changed' }]);
    assert.equal(status, 502);
    assert.match(text, /"method":"ImportProcessData".*nothing was changed/);
    assert.equal(storeSnapshot(sandbox.sandbox.db), before);
  });

  test('a supervisor cannot reallocate a contact held outside the team, even to a team member', async () => {
    const supervisor = await signIn(gateway, 'user10');
    const reallocate = (contactnumber: string, login: string) => rawPost(gateway, supervisor, { method: 'reallocatedata', contactnumber, login });
    const before = storeSnapshot(sandbox.sandbox.db);
    assert.deepEqual(await outcome(reallocate(DINESH_NUMBER, 'user1')), { http: 403, code: 9403, method: 'reallocatedata' });
    assert.equal(storeSnapshot(sandbox.sandbox.db), before);
    // A second record of the number, held by a team member, does not make the contact the team's.
    await postJodo(sandbox.endpoint, { method: 'ImportProcessData', apikey: KEY, servicekey: 'VoiceProcess', media: 12, updateparam: 'customercode', data: [{ customercode: 'C-2', mobilenumber: DINESH_NUMBER, userlogin: 'user1' }] });
    const withSecond = storeSnapshot(sandbox.sandbox.db);
    assert.deepEqual(await outcome(reallocate(DINESH_NUMBER, 'tanmay.k')), { http: 403, code: 9403, method: 'reallocatedata' });
    assert.equal(storeSnapshot(sandbox.sandbox.db), withSecond);
    // Nobody holds the fixture's contact: the team may take it, and then move it within the team.
    assert.deepEqual(await outcome(reallocate(UNASSIGNED_NUMBER, 'user1')), { http: 200, code: 1, method: 'reallocatedata' });
    assert.deepEqual(await outcome(reallocate(UNASSIGNED_NUMBER, 'tanmay.k')), { http: 200, code: 1, method: 'reallocatedata' });
    assert.deepEqual(await outcome(reallocate(UNASSIGNED_NUMBER, DINESH)), { http: 403, code: 9403, method: 'reallocatedata' }, 'not out of the team');
    const admin = await signIn(gateway, 'test@avhan.com');
    assert.deepEqual(await outcome(rawPost(gateway, admin, { method: 'reallocatedata', contactnumber: DINESH_NUMBER, login: 'tanmay.k' })), { http: 200, code: 1, method: 'reallocatedata' });
  });
});

describe('gateway: messenger processes are for supervisors and administrators', () => {
  let sandbox: RunningSandbox;
  let gateway: RunningGateway;
  withSandboxAndGateway((running) => ({ sandbox, gateway } = running));

  const remind = (cookie: string, mobilenumber: string) =>
    rawPost(gateway, cookie, { method: 'ImportProcessData', servicekey: 'Reminders', media: 12, updateparam: 'mobilenumber', data: [{ name: 'Asha Rao', mobilenumber }] });

  test("an agent's reminder is refused and nothing is stored; a supervisor's and an administrator's go through", async () => {
    const before = storeSnapshot(sandbox.sandbox.db);
    const refused = await remind(await signIn(gateway, 'user1'), '9811100001');
    assert.equal(refused.status, 403, refused.text);
    assert.equal(JSON.parse(refused.text)['status'], 9403);
    assert.equal(storeSnapshot(sandbox.sandbox.db), before);
    for (const login of ['user10', 'test@avhan.com']) {
      const sent = await remind(await signIn(gateway, login), login === 'user10' ? '9811100002' : '9811100003');
      assert.equal(sent.status, 200, sent.text);
      assert.equal(JSON.parse(sent.text)['statuscode'], '001');
    }
    const { body } = await postJodo(sandbox.endpoint, { method: 'getProcessData', apikey: KEY, servicekey: 'Reminders', searchparam: 'mobilenumber', mobilenumber: ['9811100002', '9811100003'] });
    assert.deepEqual((body['data'] as Record<string, unknown>[]).map((record) => record['leadstatus']), [10500, 10500]);
  });
});
