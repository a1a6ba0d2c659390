/**
 * The toolbar's keyboard shortcuts, pressed as real keys from anywhere on the
 * page: the agent's frequent actions, a help list, a page's own keys, and
 * nothing left listening after removal.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { press } from '../helpers/keys.js';
import '../../src/define/jodo-toolbar.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { ENDPOINT, clearOutbox, control, until } from '../helpers/browser-sandbox.js';

const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }] }];

async function setup(shortcuts?: string) {
  const provider = await fixture<JodoProvider>(html`<div><input id="crm-field" aria-label="CRM field" />
    <jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300">
      <jodo-toolbar dispositions=${JSON.stringify(DISPOSITIONS)} shortcuts=${shortcuts ?? ''}></jodo-toolbar>
    </jodo-provider></div>`).then((wrapper) => wrapper.querySelector('jodo-provider')!);
  const toolbar = provider.querySelector('jodo-toolbar')!;
  await until(() => toolbar.shadowRoot!.querySelector('jodo-status')?.state === 1, 'Ready');
  const disposition = toolbar.shadowRoot!.querySelector('jodo-disposition')!;
  // The agent is typing in the CRM's own field.
  provider.parentElement!.querySelector<HTMLInputElement>('#crm-field')!.focus();
  const live = () => toolbar.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
  return { provider, toolbar, disposition, live };
}

describe('<jodo-toolbar> keyboard shortcuts', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });

  it('Alt+Shift+W opens the wrap-up from the CRM page with the focus on its first field; Alt+Shift+S saves it', async () => {
    const { disposition } = await setup();
    expect(disposition.open).to.be.false;
    await press('Alt+Shift+KeyW');
    await until(() => disposition.open, 'the wrap-up opens');
    await until(() => disposition.shadowRoot!.activeElement?.id === 'outcome', 'the focus is on the outcome');
    // Nothing chosen: saving checks the form as the button does, and says what is missing.
    await press('Alt+Shift+KeyS');
    await until(() => disposition.shadowRoot!.querySelector('#outcome-error') !== null, 'the outcome is asked for');
    expect(disposition.open, 'the form stays open with its errors').to.be.true;
  });

  it('says so when there is nothing to save or play, in the live region', async () => {
    const { live } = await setup();
    await press('Alt+Shift+KeyS');
    await until(() => live() === 'No wrap-up is open to save.', 'nothing to save');
    await press('Alt+Shift+KeyP');
    await until(() => live() === 'No recording yet: it comes with the call id', 'nothing to play');
  });

  it('Alt+Shift+P opens the recording of the call and plays it; again pauses it', async () => {
    const { provider, toolbar } = await setup();
    const call = await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
    provider.call = { mobilenumber: '7507959484', systemcallid: String(call['systemcallid']) };
    const audio = () => toolbar.shadowRoot!.querySelector('jodo-recording-player')?.shadowRoot?.querySelector('audio');
    await until(() => Boolean(audio()), 'the player is there');
    audio()!.muted = true;
    await until(() => audio()!.readyState >= 1, 'the recording loads');
    await press('Alt+Shift+KeyP');
    expect(toolbar.shadowRoot!.querySelector<HTMLElement>('#recording')!.hidden).to.be.false;
    await until(() => !audio()!.paused, 'it plays');
    await press('Alt+Shift+KeyP');
    await until(() => audio()!.paused, 'it pauses');
  });

  it('Alt+Shift+K shows the shortcuts in force, as this platform writes them; Escape closes the list', async () => {
    const { toolbar } = await setup();
    const list = toolbar.shadowRoot!.querySelector<HTMLElement>('[part=shortcuts]')!;
    expect(list.matches(':popover-open')).to.be.false;
    await press('Alt+Shift+KeyK');
    await until(() => list.matches(':popover-open'), 'the list opens');
    const keys = [...list.querySelectorAll('kbd')].map((kbd) => kbd.textContent);
    const apple = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
    expect(keys).to.deep.equal(apple ? ['⌥⇧W', '⌥⇧S', '⌥⇧P', '⌥⇧C', '⌥⇧K'] : ['Alt+Shift+W', 'Alt+Shift+S', 'Alt+Shift+P', 'Alt+Shift+C', 'Alt+Shift+K']);
    expect(list.textContent).to.contain('Open the wrap-up');
    await expect(toolbar).to.be.accessible();
    await press('Escape');
    await until(() => !list.matches(':popover-open'), 'Escape closes it');
  });

  it("takes a page's own keys and turned-off actions; `false` turns every shortcut off", async () => {
    const custom = await setup('{"open-wrapup":"Ctrl+Alt+KeyO","help":false}');
    await press('Alt+Shift+KeyW');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(custom.disposition.open, 'the default is replaced').to.be.false;
    await press('Control+Alt+KeyO');
    await until(() => custom.disposition.open, 'the page key opens the wrap-up');
    const listed = [...custom.toolbar.shadowRoot!.querySelectorAll('[part=shortcuts] dt')].map((dt) => dt.textContent);
    expect(listed).to.not.include('Show or hide this list');
    expect(listed).to.include('Open the wrap-up');

    const off = await setup('false');
    await press('Alt+Shift+KeyW');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(off.disposition.open).to.be.false;
    expect(off.toolbar.shadowRoot!.querySelector('[part=shortcuts-button]'), 'no list to show').to.be.null;
  });

  it('keeps working, with the default keys, when the shortcuts attribute is not JSON of actions', async () => {
    for (const bad of ['{not json', '5']) {
      const { provider, disposition, toolbar } = await setup(bad);
      expect(toolbar.shadowRoot!.querySelector('[part=base]'), `${bad}: the bar renders`).to.exist;
      await press('Alt+Shift+KeyW');
      await until(() => disposition.open, `${bad}: the default key opens the wrap-up`);
      // One toolbar on the page at a time: the first to see a key takes it.
      provider.parentElement!.remove();
    }
  });

  it('leaves keys the page handled itself, and listens no more once removed', async () => {
    const { provider, disposition } = await setup();
    const pageHandles = (event: KeyboardEvent) => event.code === 'KeyW' && event.preventDefault();
    document.addEventListener('keydown', pageHandles, { capture: true });
    try {
      await press('Alt+Shift+KeyW');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(disposition.open, 'the page had it').to.be.false;
    } finally {
      document.removeEventListener('keydown', pageHandles, { capture: true });
    }
    const toolbar = provider.querySelector('jodo-toolbar')!;
    toolbar.remove();
    await press('Alt+Shift+KeyW');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(disposition.open, 'a removed toolbar does nothing').to.be.false;
  });
});
