import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AgentStates } from '../../../src/api/codes.js';
import { JodoClient } from '../../../src/api/client.js';
import { formatJodoDateTime } from '../../../src/api/rules.js';
import { postJodo, startSandbox, type RunningSandbox } from '../../helpers/sandbox-server.js';

const AGENTS = ['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k', 'user1', 'user10', 'test@avhan.com'];

describe('sandbox dialer', () => {
  let running: RunningSandbox;
  let client: JodoClient;
  let clock: Date;
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
    running.sandbox.dialer.tick(clock);
  };
  const states = async () => {
    const { data } = await client.userStatus({ loginids: AGENTS });
    return Object.fromEntries(data.agents.map((a) => [a.login, a.state]));
  };
  /** Everyone but the given agents goes on Hold, so the dialer has one choice. */
  const onlyReady = async (...logins: string[]) => {
    for (const login of AGENTS.filter((l) => !logins.includes(l))) {
      await running.control('/sandbox/agents/state', { login, currentstatus: AgentStates.Hold });
    }
  };
  const push = (records: Record<string, unknown>[], media = 12) =>
    client.importProcessData({ media, updateparam: 'mobilenumber', data: records as never });

  beforeEach(async () => {
    clock = new Date(2026, 10, 28, 9, 0, 0);
    running = await startSandbox({ now: () => clock, dialer: true, timings: { ringMs: 1000, talkMs: 2000 } });
    client = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', now: () => clock });
  });
  afterEach(() => running.close());

  test('walks an outbound call through Dialling, Talking and Wrapup, with a recording at the end', async () => {
    await onlyReady('user1');
    await push([{ name: 'Out', mobilenumber: '9876500001' }]);
    advance(0);
    assert.equal((await states())['user1'], AgentStates.Dialling);
    advance(1000);
    assert.equal((await states())['user1'], AgentStates.Talking);
    advance(2000);
    assert.equal((await states())['user1'], AgentStates.Wrapup);

    const call = (await (await fetch(`${running.origin}/sandbox/agents/user1/call`)).json()) as Record<string, unknown>;
    assert.equal(call['mobilenumber'], '9876500001');
    assert.equal(call['phase'], 'done');
    assert.match(String(call['systemcallid']), /^\d{18}$/);
    assert.equal((call['customer'] as Record<string, unknown>)['name'], 'Out');
    const recording = await client.customerRecording({ systemcallid: String(call['systemcallid']) });
    assert.equal(recording.data.recordingUrl, `${running.origin}/sandbox/recordings/${call['systemcallid']}.wav`);
  });

  test('a Voice In record rings as ACD and pops its data', async () => {
    await onlyReady('tanmay.k');
    await push([{ name: 'Caller', mobilenumber: '9876500002', customercode: 'C-9' }], 11);
    advance(0);
    assert.equal((await states())['tanmay.k'], AgentStates.ACD);
    const call = (await (await fetch(`${running.origin}/sandbox/agents/tanmay.k/call`)).json()) as Record<string, unknown>;
    assert.equal((call['customer'] as Record<string, unknown>)['customercode'], 'C-9');
  });

  test('Hot Leads go first, a future callDateTime waits, and userlogin pins the agent', async () => {
    await onlyReady('user1', 'user10');
    await push([
      { name: 'Later', mobilenumber: '9876500010', callDateTime: formatJodoDateTime(new Date(clock.getTime() + 60_000)) },
      { name: 'Fresh', mobilenumber: '9876500011', calltype: '1001' },
      { name: 'Hot', mobilenumber: '9876500012', calltype: '5' },
      { name: 'Pinned', mobilenumber: '9876500013', userlogin: 'user10' },
    ]);
    advance(0);
    const numberOf = async (login: string) =>
      ((await (await fetch(`${running.origin}/sandbox/agents/${login}/call`)).json()) as Record<string, unknown>)['mobilenumber'];
    // The Hot Lead goes first; "Pinned" keeps user10 for itself, so "Fresh" waits.
    assert.equal(await numberOf('user10'), '9876500013');
    assert.equal(await numberOf('user1'), '9876500012');

    // Finish both calls and wrap up: "Fresh" is next, "Later" still waits for its time.
    advance(3000);
    for (const login of ['user1', 'user10']) {
      const { body } = await postJodo(running.endpoint, {
        method: 'saveDisposition', apikey: 'test_org', servicekey: 'VoiceProcess', login,
        dispomasterid: 2, disporeasonid: 3, contactvalue: '9876500000',
      });
      assert.equal(body['status'], 3);
    }
    advance(0);
    const next = [await numberOf('user1'), await numberOf('user10')].sort();
    assert.ok(next.includes('9876500011'), 'the Fresh call is dialled next');
    assert.ok(!next.includes('9876500010'), 'the Later call waits for its time');
    advance(3000);
    for (const login of ['user1', 'user10']) {
      await postJodo(running.endpoint, {
        method: 'saveDisposition', apikey: 'test_org', servicekey: 'VoiceProcess', login,
        dispomasterid: 2, disporeasonid: 3, contactvalue: '9876500000',
      });
    }
    advance(60_000);
    assert.ok([await numberOf('user1'), await numberOf('user10')].includes('9876500010'), 'the Later call is dialled once due');
  });

  test('a paused dialer takes nothing, and a running one picks the queue up again', async () => {
    await (await running.control('/sandbox/dialer', { running: false })).json();
    await push([{ name: 'Queued', mobilenumber: '9876500020' }]);
    advance(5000);
    assert.ok(Object.values(await states()).every((s) => s === AgentStates.Ready));
    const resumed = (await (await running.control('/sandbox/dialer', { running: true })).json()) as Record<string, unknown>;
    assert.equal(resumed['running'], true);
    advance(0);
    assert.equal(Object.values(await states()).filter((s) => s === AgentStates.Dialling).length, 1);
  });

  test('records that are not voice, or whose number is not diallable, are stored but never dialled', async () => {
    await client.importProcessData({ media: 'Email In', updateparam: 'mobilenumber', data: [{ name: 'Mail', mobilenumber: '9876500030' }] });
    const { body } = await postJodo(running.endpoint, {
      method: 'ImportProcessData', apikey: 'test_org', servicekey: 'VoiceProcess', media: '12', updateparam: 'customercode',
      data: [{ customercode: 'BAD-NUM', name: 'No number', mobilenumber: '12' }],
    });
    assert.equal(body['statuscode'], '001');
    advance(5000);
    assert.ok(Object.values(await states()).every((s) => s === AgentStates.Ready));
    const stored = await client.getProcessData({ searchparam: 'customercode', customercode: 'BAD-NUM' });
    assert.equal(stored.data.records[0]!['mobilenumber'], '12');
  });
});

describe('sandbox dialer and pushes of known records', () => {
  test('pushing a known record again dials it only when its number changes or it names a call time', async () => {
    let clock = new Date(2026, 10, 28, 9, 0, 0);
    const running = await startSandbox({ now: () => clock, dialer: true, timings: { ringMs: 1000, talkMs: 1000 } });
    const client = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess', now: () => clock });
    const calls = async () => {
      const { data } = await client.userStatus({ loginids: AGENTS });
      return data.agents.filter((a) => a.state !== AgentStates.Ready).length;
    };
    try {
      await running.control('/sandbox/dialer', { running: false });
      const push = (fields: Record<string, string>) => client.importProcessData({ media: 12, updateparam: 'customercode', data: [{ customercode: 'K1', ...fields }] });
      await push({ name: 'Known', mobilenumber: '9876511111' });
      await push({ name: 'Known, edited', mobilenumber: '9876511111' });
      await running.control('/sandbox/dialer', { running: true });
      running.sandbox.dialer.tick(clock);
      assert.equal(await calls(), 1, 'the two pushes of one record make one call');

      clock = new Date(clock.getTime() + 5000);
      running.sandbox.dialer.tick(clock);
      await push({ name: 'Known, edited again' });
      running.sandbox.dialer.tick(clock);
      const afterEdit = (await client.userStatus({ loginids: AGENTS })).data.agents.filter((a) => a.state === AgentStates.Dialling).length;
      assert.equal(afterEdit, 0, 'an edit of the same number is not dialled again');

      await push({ mobilenumber: '9876522222' });
      running.sandbox.dialer.tick(clock);
      const afterNewNumber = (await client.userStatus({ loginids: AGENTS })).data.agents.filter((a) => a.state === AgentStates.Dialling).length;
      assert.equal(afterNewNumber, 1, 'a new number is dialled');
    } finally {
      await running.close();
    }
  });
});
