/**
 * The autoloader as a page without a build step uses it: one classic script
 * (served as `npm run build` builds it: test/helpers/autoload-test-server.ts)
 * that defines each `<jodo-*>` element when its tag first appears, in the page
 * or in a Jodo element's shadow root, fetching only those elements' modules.
 * This page imports no element itself.
 */
import { expect } from '@open-wc/testing';
import { autoloader } from '../../src/autoloader/hook.js';
import { ENDPOINT, control, setState, shadowText, until } from '../helpers/browser-sandbox.js';

const LOADER = '/autoload/jodo-autoloader.js';

/** The autoloader's modules fetched since the last call to `failNext` (or since the page began, for the first). */
async function fetched(): Promise<Record<string, number>> {
  return (await fetch('/autoload-faults')).json();
}
/** The next `times` requests of `file` fail with a 503; forgets what was fetched. */
const failNext = (file: string, times: number) => fetch(`/autoload-faults?file=${encodeURIComponent(file)}&times=${times}`, { method: 'POST' });

function addScript(src: string): Promise<void> {
  const script = document.createElement('script');
  script.src = src;
  const loaded = new Promise<void>((resolve, reject) => {
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
  });
  document.head.append(script);
  return loaded;
}

const defined = (tag: string) => customElements.get(tag) !== undefined;

describe('the autoloader (jodo-autoloader.js)', () => {
  before(async () => {
    await control('/sandbox/reset');
    await failNext('', 0);
    // Tags already in the page when the loader runs: one of ours, one with our prefix that is not ours, one of the host's.
    document.body.insertAdjacentHTML('beforeend', '<div id="early"><jodo-status></jodo-status><jodo-nope></jodo-nope><crm-widget></crm-widget></div>');
    await addScript(LOADER);
  });

  it('defines the elements already in the page, fetching their modules and no others', async () => {
    await until(() => defined('jodo-status'), '<jodo-status> defined');
    const files = await fetched();
    expect(files['jodo-autoloader.js']).to.equal(1);
    expect(files['jodo-status.js']).to.equal(1);
    // Nothing for a tag it does not know (no request at all), nor for elements the page does not show.
    expect(Object.keys(files).filter((file) => !file.startsWith('chunks/')).sort()).to.deep.equal(['jodo-autoloader.js', 'jodo-status.js']);
    expect(defined('jodo-nope') || defined('crm-widget')).to.equal(false);
  });

  it('defines an element added to the page later', async () => {
    expect(defined('jodo-outbox')).to.equal(false);
    const box = document.createElement('section');
    box.innerHTML = '<div><jodo-outbox></jodo-outbox></div>';
    document.body.append(box);
    await until(() => defined('jodo-outbox'), '<jodo-outbox> defined');
    expect(box.querySelector('jodo-outbox')!.shadowRoot).to.not.equal(null);
    box.remove();
  });

  it('defines the elements a Jodo element renders in its shadow root, and they work together through the provider', async () => {
    // The provider's module arrives last (its first request fails, and is asked for again a second later):
    // the elements already there wait for it quietly, without saying they are not connected.
    await failNext('jodo-provider.js', 1);
    const warn = console.warn;
    console.warn = () => {};
    const host = document.createElement('div');
    host.innerHTML = `<jodo-provider endpoint="${ENDPOINT}" apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300"><jodo-toolbar></jodo-toolbar></jodo-provider>`;
    document.body.append(host);
    const toolbar = host.querySelector('jodo-toolbar')!;
    await until(() => defined('jodo-toolbar') && defined('jodo-status') && Boolean(toolbar.shadowRoot?.querySelector('jodo-status')), 'the toolbar and its status, before the provider');
    expect(defined('jodo-provider'), 'the provider is not there yet').to.equal(false);
    await (toolbar.shadowRoot!.querySelector('jodo-status') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(shadowText(toolbar.shadowRoot!.querySelector('jodo-status')!)).to.not.contain('not connected');
    await until(() => defined('jodo-provider'), '<jodo-provider> defined, on its second try');
    console.warn = warn;
    await until(() => defined('jodo-disposition'), "the wrap-up, in the toolbar's bar, defined");
    const status = toolbar.shadowRoot!.querySelector('jodo-status')!;
    // The status the toolbar renders answers from the sandbox, through the provider loaded as a module of its own.
    await until(() => /Ready/.test(shadowText(status)), 'the toolbar shows Ready');
    expect(defined('jodo-team-board') || defined('jodo-messenger') || defined('jodo-click-to-call')).to.equal(false);
    // The call's panels are fetched when a call comes, before they are shown; not while the agent waits.
    expect(defined('jodo-call-guide') || defined('jodo-recording-player'), 'no call yet: no call guide, no player').to.equal(false);
    await setState('user1', 8);
    await until(() => defined('jodo-call-guide') && defined('jodo-recording-player'), 'fetched as the agent dials');
    expect(toolbar.shadowRoot!.querySelector('jodo-call-guide'), 'fetched, not yet shown').to.equal(null);
    host.remove();
  });

  it('loads an element ahead of its first use, and tries a module that failed to arrive again', async () => {
    await failNext('jodo-click-to-call.js', 1);
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      await autoloader()!.load('jodo-click-to-call');
    } finally {
      console.warn = warn;
    }
    expect(defined('jodo-click-to-call')).to.equal(true);
    expect((await fetched())['jodo-click-to-call.js']).to.equal(2);
    expect(String(warnings[0]?.[0])).to.match(/could not load <jodo-click-to-call>; trying again/);
    // The same load again is the same promise: no request.
    await autoloader()!.load('jodo-click-to-call');
    expect((await fetched())['jodo-click-to-call.js']).to.equal(2);
  });

  it('refuses to load a tag that is not a Jodo element', async () => {
    let refused: unknown;
    await autoloader()!.load('jodo-nope').catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/<jodo-nope> is not a Jodo element/);
  });

  it('loaded twice, the second copy does nothing and says so', async () => {
    const first = autoloader();
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      await addScript(`${LOADER}?copy=2`);
    } finally {
      console.warn = warn;
    }
    expect(autoloader()).to.equal(first);
    expect(String(warnings[0]?.[0])).to.match(/already on this page; this copy does nothing/);
  });
});
