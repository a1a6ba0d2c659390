import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/jodo-toolbar.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoToolbar } from '../../src/elements/toolbar/toolbar.js';
import { ENDPOINT, clearOutbox, control, requestCounts, until } from '../helpers/browser-sandbox.js';

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
  [...toolbar.shadowRoot!.querySelectorAll('.panel-buttons button')].find((b) => b.textContent?.trim() === name) as HTMLButtonElement;

describe('<jodo-toolbar>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });

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
    expect(part('#customer')!.hidden, 'the customer pops').to.be.false;
    expect(button(toolbar, 'Customer').getAttribute('aria-expanded')).to.equal('true');

    await provider.status.refresh();
    await until(() => part('jodo-disposition')!.hasAttribute('open'), 'the wrap-up opens in Wrapup');

    const recording = button(toolbar, 'Recording');
    expect(recording.disabled).to.be.false;
    recording.click();
    await toolbar.updateComplete;
    expect(part('#recording')!.hidden).to.be.false;
    expect(part('#recording jodo-recording-player')).to.exist;
    expect(part('#customer')!.hidden, 'one panel at a time').to.be.true;
    expect(part('#customer jodo-call-guide'), 'the call guide is kept, with what was typed').to.exist;
    await expect(toolbar).to.be.accessible();
  });

  it('docks to an edge of the page', async () => {
    const { toolbar } = await setup();
    toolbar.dock = 'bottom';
    await toolbar.updateComplete;
    expect(getComputedStyle(toolbar).position).to.equal('fixed');
    expect(Math.round(toolbar.getBoundingClientRect().bottom)).to.equal(window.innerHeight);
  });

  it('docked, shifts nothing when a call pops the customer and Wrapup opens the form: both are cards over the page beside the bar', async () => {
    // Layout shifts the browser reports (Chromium's Layout Instability API), none caused by input here.
    const shifts: number[] = [];
    const observer = PerformanceObserver.supportedEntryTypes.includes('layout-shift')
      ? new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) shifts.push(entry.value);
        })
      : undefined;
    const { provider, toolbar, part } = await setup();
    toolbar.dock = 'bottom';
    const status = part('jodo-status') as HTMLElement & { state?: number };
    await until(() => status.state === 1, 'Ready in the bar');
    await toolbar.updateComplete;
    observer?.observe({ type: 'layout-shift' });
    const where = (el: Element) => {
      const { top, left, width, height } = el.getBoundingClientRect();
      return { top: Math.round(top), left: Math.round(left), width: Math.round(width), height: Math.round(height) };
    };
    const bar = where(toolbar);
    const opener = where(part('jodo-disposition')!.shadowRoot!.querySelector('[part=opener]')!);
    const label = where(part('jodo-status')!);

    await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
    provider.call = { mobilenumber: '7507959484' };
    await provider.status.refresh();
    await until(() => part('jodo-disposition')!.hasAttribute('open'), 'the wrap-up opens in Wrapup');
    await toolbar.updateComplete;
    const form = part('jodo-disposition')!.shadowRoot!.querySelector('[part=base]')!;
    const panel = part('#customer')!;
    expect(panel.hidden, 'the customer popped').to.be.false;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

    expect(where(toolbar), 'the bar keeps its place and size').to.deep.equal(bar);
    expect(where(part('jodo-disposition')!.shadowRoot!.querySelector('[part=opener]')!), 'the wrap-up opener stays in the bar').to.deep.equal(opener);
    expect({ top: where(part('jodo-status')!).top, left: where(part('jodo-status')!).left }).to.deep.equal({ top: label.top, left: label.left });
    for (const card of [form, panel]) {
      expect(Math.round(card.getBoundingClientRect().bottom), 'a card sits above the bar').to.be.at.most(bar.top + 1);
      expect(card.getBoundingClientRect().height).to.be.greaterThan(100);
    }
    if (observer) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      observer.disconnect();
      expect(shifts.reduce((sum, value) => sum + value, 0), `layout shifts ${shifts}`).to.be.at.most(0.05);
    }
  });

  it('fits 360 px without scrolling sideways, wrap-up open and all', async () => {
    const { provider, toolbar, part } = await setup();
    provider.style.display = 'block';
    provider.style.width = '360px';
    await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
    provider.call = { mobilenumber: '7507959484' };
    await provider.status.refresh();
    await until(() => part('jodo-disposition')!.hasAttribute('open'), 'wrap-up open');
    await toolbar.updateComplete;
    expect(toolbar.getBoundingClientRect().width).to.be.at.most(360);
    expect(toolbar.scrollWidth).to.be.at.most(toolbar.clientWidth + 1);
    const form = part('jodo-disposition')!;
    expect(form.shadowRoot!.querySelector('[part=base]')!.scrollWidth).to.be.at.most(form.getBoundingClientRect().width + 1);
  });
});

describe('<jodo-toolbar> lifecycle', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });

  it('leaves no timer and sends no request once removed', async () => {
    // Count the timers the toolbar starts, and which of them are still live after removal.
    const live = new Set<unknown>();
    const { setInterval: realSetInterval, clearInterval: realClearInterval, setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = window;
    window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id = realSetInterval(handler, ms, ...args);
      live.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => (live.delete(id), realClearInterval(id))) as typeof window.clearInterval;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id: number = realSetTimeout(
        (...a: unknown[]) => {
          live.delete(id);
          if (typeof handler === 'function') handler(...a);
        },
        ms,
        ...args,
      );
      live.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id?: number) => (live.delete(id), realClearTimeout(id))) as typeof window.clearTimeout;
    try {
      const { provider, part } = await setup();
      const status = part('jodo-status') as HTMLElement & { state?: number };
      await until(() => status.state === 1, 'Ready');
      const call = await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
      provider.call = { mobilenumber: '7507959484', systemcallid: String(call['systemcallid']) };
      await provider.status.refresh();
      await until(() => part('jodo-disposition')!.hasAttribute('open'), 'wrap-up open');
      expect(live.size, 'the toolbar runs timers while shown').to.be.greaterThan(0);

      provider.remove();
      await new Promise((resolve) => realSetTimeout(resolve, 50));
      expect(live.size, 'timers left after removal').to.equal(0);
      const before = await requestCounts();
      await new Promise((resolve) => realSetTimeout(resolve, 1000));
      expect(await requestCounts()).to.deep.equal(before);
    } finally {
      Object.assign(window, { setInterval: realSetInterval, clearInterval: realClearInterval, setTimeout: realSetTimeout, clearTimeout: realClearTimeout });
    }
  });
});
