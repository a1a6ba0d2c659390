// One poller per agent across tabs. Providers in one page elect and talk exactly as tabs
// do (one Web Lock per origin, one BroadcastChannel name), so each provider here stands
// for a tab; test/demo runs the same with real browser tabs.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-status.js';
import { JodoClient } from '../../src/api/client.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { StatusHub } from '../../src/status/status-hub.js';
import { ENDPOINT, control, requestCounts, setState, shadowText, until } from '../helpers/browser-sandbox.js';

const POLL = 300;

async function tabs(count: number, inner = () => html`<jodo-status></jodo-status>`) {
  const root = await fixture<HTMLDivElement>(html`<div>
    ${Array.from({ length: count }, () => html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1"
      poll-interval=${POLL} idle-poll-interval=${POLL}>${inner()}</jodo-provider>`)}
  </div>`);
  return [...root.querySelectorAll('jodo-provider')] as JodoProvider[];
}

const roles = (providers: JodoProvider[]) => providers.map((p) => p.status.role).sort();
const leader = (providers: JodoProvider[]) => providers.find((p) => p.status.role === 'leader');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one poller across tabs', () => {
  beforeEach(() => control('/sandbox/reset'));

  it('three tabs of one agent elect one leader; only it polls, and every tab shows the state', async () => {
    const providers = await tabs(3);
    await until(() => roles(providers).join() === 'follower,follower,leader', `one leader (${roles(providers)})`);
    const statuses = providers.map((p) => p.querySelector('jodo-status')!);
    await until(() => statuses.every((s) => s.state === 1), 'every tab shows Ready');
    // The sandbox's count is read over HTTP while the leader goes on polling: read it before the tabs'
    // counts at the start and after them at the end, so a poll at either edge can only add to it.
    const counted = (await requestCounts())['userStatus'] ?? 0;
    const before = providers.map((p) => p.status.polls);
    await pause(POLL * 5);
    const polled = providers.map((p, i) => p.status.polls - before[i]!);
    const seen = (await requestCounts())['userStatus']! - counted;
    const followers = providers.filter((p) => p.status.role === 'follower');
    expect(followers.map((p) => polled[providers.indexOf(p)]), 'followers never poll').to.deep.equal([0, 0]);
    const byLeader = polled[providers.indexOf(leader(providers)!)]!;
    expect(byLeader).to.be.greaterThan(0);
    // One poll at each edge may fall between the two reads (and one may still be on its way): never a follower's share.
    expect(seen, `the sandbox saw only the leader (${byLeader} polls)`).to.be.within(byLeader - 1, byLeader + 2);

    await setState('user1', 5);
    await until(() => statuses.every((s) => s.state === 5), 'every tab follows the change');
  });

  it('when the leading tab closes another takes over and the others keep updating', async () => {
    const providers = await tabs(3);
    await until(() => !!leader(providers), 'a leader');
    const first = leader(providers)!;
    const rest = providers.filter((p) => p !== first);
    first.remove();
    await until(() => rest.some((p) => p.status.role === 'leader'), 'a new leader');
    expect(roles(rest)).to.deep.equal(['follower', 'leader']);
    await setState('user1', 7);
    await until(() => rest.every((p) => p.querySelector('jodo-status')!.state === 7), 'both remaining tabs see Wrapup');
  });

  it('tabs going into the back/forward cache say they are gone last and poll nothing until they are back', async () => {
    const providers = await tabs(2);
    await until(() => roles(providers).join() === 'follower,leader', `one leader (${roles(providers)})`);
    const heard: { type: string; tab: string }[] = [];
    const channel = new BroadcastChannel(`jodo-status:${ENDPOINT}|VoiceProcess|user1`);
    channel.onmessage = (event: MessageEvent) => heard.push(event.data as { type: string; tab: string });
    const polls = providers.map((p) => p.status.polls);
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await pause(POLL * 4);
    const gone = heard.filter((m) => m.type === 'gone').map((m) => m.tab);
    expect(gone, 'both tabs said they left').to.have.length(2);
    for (const tab of gone) {
      const after = heard.slice(heard.findIndex((m) => m.tab === tab && m.type === 'gone') + 1).filter((m) => m.tab === tab);
      expect(after, `nothing from tab ${tab} after its 'gone'`).to.deep.equal([]);
    }
    expect(providers.map((p) => p.status.polls), 'no poll while hidden').to.deep.equal(polls);

    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await until(() => roles(providers).join() === 'follower,leader', `a leader again (${roles(providers)})`);
    await setState('user1', 7);
    await until(() => providers.every((p) => p.querySelector('jodo-status')!.state === 7), 'both tabs follow again');
    channel.close();
  });

  it('a tab watching another agent gets it polled by the leader in the same request', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval=${POLL} idle-poll-interval=${POLL}>
        <jodo-status></jodo-status>
      </jodo-provider>
      <jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval=${POLL} idle-poll-interval=${POLL}>
        <jodo-status login="user10"></jodo-status>
      </jodo-provider>
    </div>`);
    const providers = [...root.querySelectorAll('jodo-provider')] as JodoProvider[];
    await setState('user10', 6);
    const second = providers[1]!.querySelector('jodo-status')!;
    await until(() => second.state === 6, 'user10 shown as Hold in the second tab');
    await until(() => !!leader(providers), 'a leader');
    const follower = providers.find((p) => p.status.role === 'follower')!;
    const polls = follower.status.polls;
    await pause(POLL * 3);
    expect(follower.status.polls).to.equal(polls);
  });

  it('a leader whose answer hangs is not replaced: its own deadline marks every tab stale, and all recover', async () => {
    const providers = await tabs(2);
    await until(() => !!leader(providers) && providers.every((p) => p.querySelector('jodo-status')!.state === 1), 'a leader and Ready');
    const slow = leader(providers)!;
    const statuses = providers.map((p) => p.querySelector('jodo-status')!);
    // The leader's next poll hangs for 20 s: a slow gateway, not a dead tab.
    await control('/sandbox/faults', { method: 'userStatus', delayMs: 20_000 });
    await setState('user1', 5);
    await until(() => statuses.every((s) => shadowText(s).includes('Reconnecting')), 'both tabs marked when the poll misses its deadline', 8000);
    expect(slow.status.role, 'a slow leader keeps the lead').to.equal('leader');
    await until(() => statuses.every((s) => s.state === 5 && !shadowText(s).includes('Reconnecting')), 'both recover with fresh data', 8000);
    expect(slow.status.role).to.equal('leader');
  });

  it('ignores malformed messages from other tabs, and serves at most one request\'s worth of logins', async () => {
    const providers = await tabs(1);
    const [only] = providers;
    await until(() => only!.status.role === 'leader' && only!.querySelector('jodo-status')!.state === 1, 'leader and Ready');
    const channel = new BroadcastChannel(`jodo-status:${ENDPOINT}|VoiceProcess|user1`);
    channel.postMessage({ type: 'want', tab: 'x', logins: [''] });
    channel.postMessage({ type: 'want', tab: 'y', logins: [42] });
    channel.postMessage({ type: 'status', tab: 'z', snapshots: [['user1', null]], expectBy: 0 });
    channel.postMessage('garbage');
    channel.postMessage({ type: 'want', tab: 'big', logins: Array.from({ length: 1000 }, (_, i) => `agent-${i}`) });
    channel.postMessage({ type: 'want', tab: 'big2', logins: Array.from({ length: 1000 }, (_, i) => `other-${i}`) });
    const before = only!.status.polls;
    await setState('user1', 6);
    await until(() => only!.querySelector('jodo-status')!.state === 6, 'still polling, and answered', 8000);
    expect(only!.status.polls).to.be.greaterThan(before);
    expect(shadowText(only!.querySelector('jodo-status')!)).to.not.include('Reconnecting');
    channel.close();
  });

  it("the polling tab shares its measure of Jodo's clock: the other tabs build Jodo's times with it too", async () => {
    await control('/sandbox/clock', { offsetMs: 2 * 3_600_000 });
    const providers = await tabs(3);
    await until(() => roles(providers).join() === 'follower,follower,leader', `one leader (${roles(providers)})`);
    const first = leader(providers)!;
    await until(() => first.requests.skewSamples >= 2, 'the leader measured Jodo\'s clock');
    const followers = providers.filter((p) => p !== first);
    await until(() => followers.every((p) => p.requests.skewMs !== undefined), 'the followers have the estimate');
    for (const follower of followers) {
      expect(follower.requests.count, 'a follower made no request of its own').to.equal(0);
      expect(Math.abs(follower.requests.skewMs! - 2 * 3_600_000)).to.be.below(1500);
      expect(follower.requests.correctionMs).to.equal(follower.requests.skewMs);
    }
    // A malformed estimate from another tab is refused with its message: nothing changes.
    const channel = new BroadcastChannel(`jodo-status:${ENDPOINT}|VoiceProcess|user1`);
    channel.postMessage({ type: 'status', tab: 'z', snapshots: [], expectBy: Date.now() + 10_000, skew: { skewMs: 'soon', samples: 1 } });
    channel.postMessage({ type: 'status', tab: 'z', snapshots: [], expectBy: Date.now() + 10_000, skew: { skewMs: 1e15, samples: 1 } });
    await pause(POLL * 2);
    for (const follower of followers) expect(Math.abs(follower.requests.skewMs! - 2 * 3_600_000)).to.be.below(1500);
    channel.close();
  });

  it('polls faster while the agent is on a call than while Ready', async () => {
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="400" idle-poll-interval="1200">
      <jodo-status></jodo-status></jodo-provider>`);
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
    expect(provider.status.currentIntervalMs).to.equal(1200);
    await setState('user1', 5);
    await provider.status.refresh();
    await until(() => status.state === 5, 'Talking');
    expect(provider.status.currentIntervalMs).to.equal(400);
    await setState('user1', 7);
    await provider.status.refresh();
    expect(provider.status.currentIntervalMs).to.equal(400);
    expect(provider.status.snapshot('user1')?.intervalMs, 'answers carry the interval they go stale by').to.equal(400);
  });

  it('a failing leader marks every tab stale with what went wrong, and all recover by themselves', async () => {
    const providers = await tabs(2);
    const statuses = providers.map((p) => p.querySelector('jodo-status')!);
    await until(() => statuses.every((s) => s.state === 1), 'Ready');
    await control('/sandbox/faults', { method: 'userStatus', http: 503, times: 3 });
    await until(() => statuses.every((s) => shadowText(s).includes('Reconnecting')), 'both tabs show they are not current', 10_000);
    expect(statuses[0]!.shadowRoot!.querySelector('[part=base]')!.getAttribute('title')).to.contain('unavailable');
    await until(() => statuses.every((s) => !shadowText(s).includes('Reconnecting')), 'both recover', 20_000);
  });

  it('without Web Locks each tab polls on its own, and still works', async () => {
    const locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks');
    Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined });
    try {
      const providers = await tabs(2);
      await until(() => providers.every((p) => p.querySelector('jodo-status')!.state === 1), 'both Ready');
      expect(roles(providers)).to.deep.equal(['solo', 'solo']);
      expect(providers.every((p) => p.status.polls > 0)).to.be.true;
      await setState('user1', 5);
      await until(() => providers.every((p) => p.querySelector('jodo-status')!.state === 5), 'both follow');
    } finally {
      if (locks) Object.defineProperty(Navigator.prototype, 'locks', locks);
    }
  });

  it('a hub with no scope polls on its own', async () => {
    const hub = new StatusHub({ client: new JodoClient({ endpoint: ENDPOINT, apikey: 'test_org', servicekey: 'VoiceProcess' }), intervalMs: POLL });
    const seen: number[] = [];
    const unsubscribe = hub.subscribe('user1', (s) => s.agent?.state && seen.push(s.agent.state));
    await until(() => seen.length > 0, 'an answer');
    expect(hub.role).to.equal('solo');
    expect(hub.polls).to.be.greaterThan(0);
    unsubscribe();
    expect(hub.active).to.be.false;
  });
});
