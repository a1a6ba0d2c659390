import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/index.js';
import { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoStatus } from '../../src/elements/status/status.js';
import type { JodoStatusChangeEvent } from '../../src/events/jodo-status-change.js';
import { ENDPOINT, control, requestCounts, setState, shadowText, until } from '../helpers/browser-sandbox.js';

const POLL = 300;

async function toolbar(inner = html`<jodo-status></jodo-status>`, login = 'user1') {
  return fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login=${login} poll-interval=${POLL}>${inner}</jodo-provider>`);
}

describe('<jodo-status>', () => {
  beforeEach(() => control('/sandbox/reset'));

  it('shows the agent state from the sandbox, its colour and the time in state', async () => {
    const provider = await toolbar();
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
    const base = status.shadowRoot!.querySelector('[part=base]')!;
    expect(base.getAttribute('data-state')).to.equal('1');
    expect(shadowText(status)).to.match(/^Ready \d+:\d\d ?for \d+ seconds?$/);
    await expect(status).to.be.accessible();
  });

  it('fires jodo-status-change with previous and current on each transition', async () => {
    const provider = await toolbar();
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
    const changes: JodoStatusChangeEvent['detail'][] = [];
    provider.addEventListener('jodo-status-change', (e) => changes.push(e.detail));
    await setState('user1', 5);
    await until(() => status.state === 5, 'Talking');
    await setState('user1', 7);
    await until(() => status.state === 7, 'Wrapup');
    expect(changes).to.deep.equal([
      { login: 'user1', previous: 1, current: 5 },
      { login: 'user1', previous: 5, current: 7 },
    ]);
    expect(shadowText(status)).to.match(/^Wrapup /);
  });

  it('all eleven states have a label and a colour', async () => {
    const provider = await toolbar();
    const status = provider.querySelector('jodo-status')!;
    const colours = new Set<string>();
    for (let state = 1; state <= 11; state++) {
      await setState('user1', state);
      await provider.status.refresh();
      await until(() => status.state === state, `state ${state}`);
      await status.updateComplete;
      const base = status.shadowRoot!.querySelector('[part=base]')!;
      colours.add(getComputedStyle(base).backgroundColor);
      expect(shadowText(status)).to.not.match(/^State /);
    }
    expect(colours.size).to.equal(11);
  });

  it('costs one userStatus request per poll for any number of elements and logins', async () => {
    const provider = await toolbar(html`
      <jodo-status></jodo-status><jodo-status></jodo-status><jodo-status login="user10"></jodo-status>
      <jodo-status login="dinesh.s@avhan.com"></jodo-status><jodo-status login="USER10"></jodo-status>
    `);
    const all = [...provider.querySelectorAll<JodoStatus>('jodo-status')];
    await until(() => all.every((s) => s.state === 1), 'all Ready');
    expect(provider.status.polls, 'elements that connect together share their first request').to.be.at.most(2);
    await until(() => provider.status.polls >= 3, 'three polls');
    // Read both counts between two polls: every poll was one request, whatever the element count.
    await until(async () => (await requestCounts())['userStatus'] === provider.status.polls, 'requests match polls');
    expect(provider.status.polls).to.be.greaterThan(2);
  });

  it('stops polling when every element is gone, and leaves no request behind', async () => {
    const provider = await toolbar();
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
    status.remove();
    expect(provider.status.active).to.be.false;
    const before = (await requestCounts())['userStatus'];
    await new Promise((resolve) => setTimeout(resolve, POLL * 4));
    expect((await requestCounts())['userStatus']).to.equal(before);
  });

  it('writes the "updated … ago" tooltip once the pointer is over the state', async () => {
    const provider = await toolbar();
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
    const base = () => status.shadowRoot!.querySelector('[part=base]')!;
    expect(base().hasAttribute('title'), 'no tooltip built before it can be seen').to.equal(false);
    base().dispatchEvent(new PointerEvent('pointerenter'));
    await status.updateComplete;
    expect(base().getAttribute('title')).to.match(/^Jodo: updated .*\d/);
  });

  it('marks the state stale while polls fail, and recovers', async () => {
    const provider = await toolbar();
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
    await control('/sandbox/faults', { method: 'userStatus', http: 503, times: 3 });
    await until(() => shadowText(status).includes('Reconnecting'), 'reconnecting shown', 10000);
    expect(shadowText(status)).to.match(/^Ready/, 'the last known state stays, marked stale');
    expect(status.shadowRoot!.querySelector('[part=base]')!.getAttribute('title'), 'a stale state says why without a hover').to.match(/Last updated .*\d/);
    await expect(status).to.be.accessible();
    await until(() => !shadowText(status).includes('Reconnecting'), 'recovered', 10000);
  });

  it('says what is missing instead of failing silently', async () => {
    const alone = await fixture<JodoStatus>(html`<jodo-status></jodo-status>`);
    expect(shadowText(alone)).to.contain('not connected');
    await expect(alone).to.be.accessible();

    const unknown = await toolbar(html`<jodo-status></jodo-status>`, 'ghost@avhan.com');
    const status = unknown.querySelector('jodo-status')!;
    await until(() => shadowText(status).includes('Unknown agent'), 'unknown agent');
    await expect(status).to.be.accessible();

    const noEndpoint = await fixture<JodoProvider>(html`<jodo-provider login="user1"><jodo-status></jodo-status></jodo-provider>`);
    expect(shadowText(noEndpoint.querySelector('jodo-status')!)).to.contain('no endpoint');
  });

  it('works when the status element upgrades before its provider', async () => {
    const tag = 'jodo-late-provider';
    const wrapper = await fixture<HTMLElement>(html`<div>
      <jodo-late-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval=${POLL}>
        <jodo-status></jodo-status>
      </jodo-late-provider>
    </div>`);
    const status = wrapper.querySelector('jodo-status')!;
    expect(shadowText(status)).to.contain('not connected');
    customElements.define(tag, class extends JodoProvider {});
    await until(() => status.state === 1, 'Ready through the late provider');
  });

  it('takes the current call by property, attribute and jodo-call event', async () => {
    const provider = await toolbar();
    provider.call = { mobilenumber: '7507959484', systemcallid: '1' };
    expect(provider.mobilenumber).to.equal('7507959484');
    // CRMs send numbers too: kept as text.
    provider.dispatchEvent(new CustomEvent('jodo-call', { detail: { mobilenumber: 7507959484, systemcallid: 180717171728015031n } }));
    expect(provider.call).to.deep.equal({ mobilenumber: '7507959484', systemcallid: '180717171728015031' });
    provider.querySelector('jodo-status')!.dispatchEvent(new CustomEvent('jodo-call', { bubbles: true, composed: true, detail: { customercode: 'C1' } }));
    expect(provider.call).to.deep.equal({ customercode: 'C1' });
  });
});
