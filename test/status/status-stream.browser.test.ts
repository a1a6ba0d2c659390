// Push, not poll (issue 20), in the browser: behind a gateway whose session answer names its event stream,
// the tab that polls holds the stream instead (the gateway mounted at /push/jodo by web-test-runner.config.mjs,
// test/helpers/push-test-server.ts, with the demo sign-in and a 300 ms poller in front of the sandbox).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-status.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { ENDPOINT, control, setState, until } from '../helpers/browser-sandbox.js';

const GATEWAY = '/push/jodo';
const POLL = 300;
/** test/helpers/push-test-server.ts's interval and linger (that module runs in Node, not here). */
const PUSH_INTERVAL_MS = 300;
const PUSH_LINGER_MS = 600;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(login: string): Promise<void> {
  const response = await fetch(`${GATEWAY}/session`, { method: 'POST', body: new URLSearchParams({ login }), redirect: 'manual' });
  // A redirect to the page (opaque here): the cookie is set.
  expect(response.type === 'opaqueredirect' || response.ok).to.be.true;
}

async function tabs(count: number) {
  const root = await fixture<HTMLDivElement>(html`<div>
    ${Array.from({ length: count }, () => html`<jodo-provider endpoint=${GATEWAY} session-url=${`${GATEWAY}/session`} servicekey="VoiceProcess" poll-interval=${POLL}><jodo-status></jodo-status></jodo-provider>`)}
  </div>`);
  return [...root.querySelectorAll('jodo-provider')] as JodoProvider[];
}

describe('agent states pushed by the gateway', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await signIn('user1');
  });
  afterEach(async () => {
    await fetch(`${GATEWAY}/session`, { method: 'DELETE' });
  });
  // The sandbox is shared with the files after this one: the gateway's poller has stopped asking it by then.
  after(() => pause(PUSH_LINGER_MS + 3 * PUSH_INTERVAL_MS));

  it('a state change reaches the toolbar through the stream, and no poll is made meanwhile', async () => {
    const [provider] = await tabs(1);
    const status = provider!.querySelector('jodo-status')!;
    await until(() => provider!.status.streaming, 'the stream carries the states');
    await until(() => status.state === 1, 'Ready shown');
    const polls = provider!.status.polls;
    await setState('user1', 5);
    await until(() => status.state === 5, 'Talking shown, pushed');
    await pause(POLL * 4);
    expect(provider!.status.polls, 'no userStatus poll while the stream carries the states').to.equal(polls);
    expect(status.shadowRoot!.textContent).to.include('Talking');
    // The stream's rounds keep the state fresh: never shown as stale while they come.
    expect(status.shadowRoot!.querySelector('.is-stale') === null, 'not shown as stale').to.be.true;
  });

  it('one tab holds the stream for every tab of the agent, and the others hear it', async () => {
    const providers = await tabs(3);
    const statuses = providers.map((p) => p.querySelector('jodo-status')!);
    await until(() => providers.filter((p) => p.status.streaming).length === 1 && providers.filter((p) => p.status.role === 'follower').length === 2, 'one stream, two followers');
    await setState('user1', 7);
    await until(() => statuses.every((s) => s.state === 7), 'every tab shows Wrapup');
  });

  it('a sign-out ends the stream: the toolbar polls again, and the refusal marks the state as not updating', async () => {
    const [provider] = await tabs(1);
    await until(() => provider!.status.streaming, 'streaming');
    await setState('user1', 7);
    await until(() => provider!.status.snapshot('user1')?.agent?.state === 7, 'Wrapup, pushed');
    const polls = provider!.status.polls;
    await fetch(`${GATEWAY}/session`, { method: 'DELETE' });
    await until(() => !provider!.status.streaming && provider!.status.polls > polls, 'polling again', 5000);
    // As when a poll is refused: the state shown as not updating, with the gateway's reason kept for the words.
    await until(() => provider!.status.snapshot('user1')?.problem?.kind === 'api', 'the refusal kept');
    const snapshot = provider!.status.snapshot('user1')!;
    expect(snapshot.failing).to.be.true;
    expect(snapshot.problem).to.include({ code: 9401 });
    expect(snapshot.agent?.state, 'the last state pushed is the one marked').to.equal(7);
  });

  it('against an endpoint without events (the sandbox itself) the elements poll as before', async () => {
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval=${POLL}><jodo-status></jodo-status></jodo-provider>`);
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready shown');
    await setState('user1', 5);
    await until(() => status.state === 5, 'Talking shown, polled');
    expect(provider.status.streaming).to.be.false;
    expect(provider.status.polls).to.be.greaterThan(1);
  });
});
