import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/define/jodo-toolbar.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoToolbar } from '../../src/elements/toolbar/toolbar.js';
import { ENDPOINT, control, until } from '../helpers/browser-sandbox.js';

const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }] }];

async function setup() {
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300">
    <jodo-toolbar dispositions=${JSON.stringify(DISPOSITIONS)} script="Hello {{name}}"></jodo-toolbar>
  </jodo-provider>`);
  const toolbar = provider.querySelector('jodo-toolbar')!;
  const part = <T extends Element = HTMLElement>(selector: string) => toolbar.shadowRoot!.querySelector<T>(selector);
  return { provider, toolbar, part };
}

const button = (toolbar: JodoToolbar, name: string) =>
  [...toolbar.shadowRoot!.querySelectorAll('nav button')].find((b) => b.textContent?.trim() === name) as HTMLButtonElement;

describe('<jodo-toolbar>', () => {
  beforeEach(() => control('/sandbox/reset'));
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('shows the agent state, no call yet, and the wrap-up opener; accessible', async () => {
    const { toolbar, part } = await setup();
    const status = part('jodo-status') as HTMLElement & { state?: number };
    await until(() => status.state === 1, 'Ready in the bar');
    expect(part('[part=call]')!.textContent).to.contain('No call');
    expect(button(toolbar, 'Recording').disabled).to.be.true;
    expect(part('jodo-disposition')).to.exist;
    await expect(toolbar).to.be.accessible();
  });

  it('pops the customer panel when a call arrives, and offers the recording once the call has an id', async () => {
    const { provider, toolbar, part } = await setup();
    const call = await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
    provider.call = { mobilenumber: '7507959484', systemcallid: String(call['systemcallid']) };
    await provider.updateComplete;
    await toolbar.updateComplete;
    expect(part('[part=call]')!.textContent).to.contain('7507959484');
    expect(part('jodo-call-guide'), 'the customer pops').to.exist;
    expect(button(toolbar, 'Customer').getAttribute('aria-expanded')).to.equal('true');

    await provider.status.refresh();
    await until(() => part('jodo-disposition')!.hasAttribute('open'), 'the wrap-up opens in Wrapup');

    const recording = button(toolbar, 'Recording');
    expect(recording.disabled).to.be.false;
    recording.click();
    await toolbar.updateComplete;
    expect(part('jodo-recording-player')).to.exist;
    expect(part('jodo-call-guide')).to.not.exist;
    await expect(toolbar).to.be.accessible();
  });

  it('docks to an edge and fits a 360 px wide screen without scrolling sideways', async () => {
    await setViewport({ width: 360, height: 640 });
    const { toolbar } = await setup();
    toolbar.dock = 'bottom';
    await toolbar.updateComplete;
    const box = toolbar.getBoundingClientRect();
    expect(getComputedStyle(toolbar).position).to.equal('fixed');
    expect(Math.round(box.bottom)).to.equal(window.innerHeight);
    expect(toolbar.scrollWidth).to.be.at.most(toolbar.clientWidth + 1);
  });
});
