/**
 * The toolbar in front of two replicas of the gateway that share Redis: every
 * request to /replicas/jodo goes to the next replica in turn (a round-robin
 * proxy, test/helpers/replicas-test-server.ts, mounted by
 * web-test-runner.config.mjs). A session made on one replica, an answer kept
 * for an Idempotency-Key by one, a sign-out on one: the other knows at once.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define/index.js';
import { AGENT_STATES, JodoClient, SUCCESS_CODE, type AgentState } from '../../../src/api/index.js';
import type { JodoProvider } from '../../../src/elements/provider/provider.js';
import type { ProxiedRequest, ReplicaStats, SignOutAnswer } from '../../helpers/replicas-test-server.js';
import { clearOutbox, control, requestCounts, setState, until } from '../../helpers/browser-sandbox.js';
import { NOT_SIGNED_IN } from '../../../src/api/status-codes.js';

const GATEWAY = '/replicas/jodo';
const POLL = 300;

async function stats(): Promise<ReplicaStats> {
  const response = await fetch('/replicas/stats');
  if (!response.ok) throw new Error(`/replicas/stats answered ${response.status}`);
  return response.json();
}

/** The Jodo requests (polls and writes) among the proxied ones. */
const jodoRequests = (log: ProxiedRequest[]) => log.filter((entry) => entry.method === 'POST' && entry.path === GATEWAY);

/** Signs in with the gateway's demo form, through whichever replica is next: the session cookie is set by the answer. */
async function signIn(login = 'user1'): Promise<void> {
  const response = await fetch(`${GATEWAY}/session`, { method: 'POST', body: new URLSearchParams({ login }), redirect: 'manual' });
  expect(response.type).to.equal('opaqueredirect', 'the sign-in answers 303 with the session cookie');
}

/** Who the next replica says is signed in (its HTTP status and identity). */
async function whoAmI(): Promise<{ status: number; login?: string }> {
  const response = await fetch(`${GATEWAY}/session`);
  return response.ok ? { status: response.status, login: ((await response.json()) as { login: string }).login } : { status: response.status };
}

async function toolbar() {
  const provider = await fixture<JodoProvider>(
    html`<jodo-provider endpoint=${GATEWAY} servicekey="VoiceProcess" login="user1" poll-interval=${POLL}><jodo-status></jodo-status></jodo-provider>`,
  );
  const status = provider.querySelector('jodo-status')!;
  await until(() => status.state === 1, 'Ready, polled through the replicas');
  return { provider, status };
}

/** The state `<jodo-status>` renders (its `data-state`), once it has rendered. */
async function shownState(status: HTMLElement & { updateComplete: Promise<boolean> }): Promise<string | null | undefined> {
  await status.updateComplete;
  return status.shadowRoot!.querySelector('[part=base]')?.getAttribute('data-state');
}

describe('The toolbar through two gateway replicas sharing Redis', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
    await fetch('/replicas/reset', { method: 'POST' });
    await signIn();
  });

  it('a session made on one replica is known on the other', async () => {
    const answers = [await whoAmI(), await whoAmI()];
    expect(answers).to.deep.equal([
      { status: 200, login: 'user1' },
      { status: 200, login: 'user1' },
    ]);
    const { log } = await stats();
    const signIns = log.filter((entry) => entry.path === `${GATEWAY}/session` && entry.method === 'POST');
    const lookUps = log.filter((entry) => entry.path === `${GATEWAY}/session` && entry.method === 'GET');
    expect(signIns.map((entry) => entry.status)).to.deep.equal([303]);
    expect(lookUps.map((entry) => entry.replica).sort()).to.deep.equal([0, 1], 'each replica was asked once');
  });

  it('<jodo-status> shows every change of state while its polls alternate between the replicas', async function () {
    this.timeout(20_000);
    const { provider, status } = await toolbar();
    for (const state of [5, 6, 5, 7, 1] as AgentState[]) {
      await setState('user1', state);
      await until(() => status.state === state, `${AGENT_STATES[state]} shown`);
      expect(await shownState(status)).to.equal(String(state));
    }
    expect(provider.status.snapshot('user1')?.failing).to.equal(false);
    await expect(status).to.be.accessible();

    const { served, log } = await stats();
    const polls = jodoRequests(log).filter((entry) => entry.status !== undefined);
    expect(served.every((count) => count > 0)).to.equal(true, `both replicas served requests: ${served.join(', ')}`);
    expect(new Set(polls.map((entry) => entry.replica)).size).to.equal(2, 'both replicas answered polls');
    expect(polls.every((entry) => entry.status === 200)).to.equal(true, 'every poll was answered');
  });

  it('a wrap-up sent again with its Idempotency-Key through the other replica is stored once', async function () {
    this.timeout(20_000);
    const { status } = await toolbar();
    const mobilenumber = '7507959484';
    const call = await control('/sandbox/calls', { login: 'user1', mobilenumber, servicekey: 'VoiceProcess' });
    await until(() => status.state === 7, 'Wrapup, after the call');

    const writer = new JodoClient({ endpoint: GATEWAY, servicekey: 'VoiceProcess', retries: 0 });
    const key = `replicas-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const wrapUp = { login: 'user1', dispomasterid: 1, disporeasonid: 2, remarks: `Sent the brochure (${key})`, contactvalue: mobilenumber, systemcallid: String(call['systemcallid']) };
    const first = await writer.saveDisposition(wrapUp, { idempotencyKey: key });
    expect(first.code).to.equal(SUCCESS_CODE.saveDisposition);
    // Sent again, as the outbox does after a lost answer, until a resend has reached the other replica (polls go between).
    const writes = () => stats().then(({ log }) => log.filter((entry) => entry.idempotencyKey === key));
    for (let attempt = 0; attempt < 8 && new Set((await writes()).map((entry) => entry.replica)).size < 2; attempt++) {
      expect(await writer.saveDisposition(wrapUp, { idempotencyKey: key })).to.deep.equal(first, 'the kept answer, not a second save');
    }

    const sent = await writes();
    expect(new Set(sent.map((entry) => entry.replica)).size).to.equal(2, 'the key went to both replicas');
    expect(sent.map((entry) => entry.replayed)).to.deep.equal([false, ...sent.slice(1).map(() => true)], 'every resend answered from Redis');
    expect((await requestCounts())['saveDisposition']).to.equal(1, 'Jodo saw the wrap-up once');
    const { dispositions } = (await (await fetch('/sandbox/dispositions')).json()) as { dispositions: { remarks: string }[] };
    expect(dispositions.filter((row) => row.remarks === wrapUp.remarks)).to.have.length(1);
    await until(() => status.state === 1, 'Ready, once the wrap-up is saved');
  });

  it('signed out through one replica: the next poll, served by the other, is refused (9401) and the toolbar says so', async function () {
    this.timeout(20_000);
    const { provider, status } = await toolbar();
    const answeredBy = async () => new Set(jodoRequests((await stats()).log).filter((entry) => entry.status === 200).map((entry) => entry.replica)).size;
    await until(async () => (await answeredBy()) === 2, 'both replicas answered a poll while signed in');
    const response = await fetch('/replicas/sign-out?login=user1', { method: 'POST' });
    expect(response.status).to.equal(200);
    const { replica, ended, after } = (await response.json()) as SignOutAnswer;
    expect(ended).to.be.at.least(1);

    await until(() => {
      const problem = provider.status.snapshot('user1')?.problem;
      return problem?.kind === 'api' && problem.code === NOT_SIGNED_IN;
    }, 'a poll refused as signed out');
    const polls = jodoRequests((await stats()).log).filter((entry) => entry.seq >= after && entry.status !== undefined);
    expect(polls[0]?.replica).to.equal(1 - replica, 'the first poll after the sign-out went to the other replica');
    expect(polls.map((entry) => entry.status)).to.deep.equal(polls.map(() => 401), 'every poll since is refused');
    expect(provider.status.snapshot('user1')?.failing).to.equal(true);
    await status.updateComplete;
    expect(status.shadowRoot!.querySelector('[part=base]')!.getAttribute('title')).to.match(/Not signed in/);

    // The browser still holds the cookie (nobody cleared it): neither replica takes it any more.
    expect([await whoAmI(), await whoAmI()]).to.deep.equal([{ status: 401 }, { status: 401 }]);
    const lookUps = (await stats()).log.filter((entry) => entry.seq >= after && entry.method === 'GET' && entry.path === `${GATEWAY}/session`);
    expect(lookUps.map((entry) => entry.replica).sort()).to.deep.equal([0, 1]);
  });
});
