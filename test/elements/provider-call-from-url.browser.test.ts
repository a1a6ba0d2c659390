import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-call-guide.js';
import '../../src/define/jodo-disposition.js';
import type { JodoCallGuide } from '../../src/elements/call-guide/call-guide.js';
import type { JodoDisposition } from '../../src/elements/disposition/disposition.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { JodoCallEvent } from '../../src/events/jodo-call.js';
import { ENDPOINT, clearOutbox, control, shadowText, until } from '../helpers/browser-sandbox.js';

const FIXTURE_MOBILE = '7507959484';
const FIXTURE_CALL = '180717171728015031';
const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 2, name: 'Send details' }] }];

/** The test page's own address (web-test-runner's session id is in its query): every test puts it back. */
const original = location.href;

/** Puts a call into the page's address, keeping what the address already holds. */
function setAddress({ query = {}, hash = '' }: { query?: Record<string, string>; hash?: string }, how: 'replace' | 'push' = 'replace') {
  const url = new URL(original);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  url.hash = hash;
  if (how === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** console.warn's lines while a test runs (still printed). */
let warnings: string[] = [];
const realWarn = console.warn;

async function provider(attributes: { callParams?: string; servicekey?: string; lang?: string } = {}, { withForms = false } = {}) {
  const el = await fixture<JodoProvider>(html`<jodo-provider
    call-from-url
    call-params=${attributes.callParams ?? ''}
    endpoint=${ENDPOINT}
    apikey="test_org"
    servicekey=${attributes.servicekey ?? ''}
    lang=${attributes.lang ?? 'en'}
    login="user1"
    poll-interval="300"
  >
    <jodo-call-guide></jodo-call-guide>
    ${withForms ? html`<jodo-disposition dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-disposition>` : ''}
  </jodo-provider>`);
  return { provider: el, guide: el.querySelector('jodo-call-guide') as JodoCallGuide };
}

const notice = (el: JodoProvider) => el.shadowRoot!.querySelector<HTMLElement>('[part=notice]');
const guideFound = (guide: JodoCallGuide, name: string) =>
  until(() => guide.shadowRoot!.querySelector('h2')?.textContent?.trim() === name, `customer ${name} shown (${shadowText(guide)})`, 8000);

describe('<jodo-provider call-from-url>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
    warnings = [];
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      realWarn.apply(console, args);
    };
  });

  afterEach(() => {
    console.warn = realWarn;
    fixtureCleanup();
    history.replaceState(null, '', original);
  });

  it("takes the call from the query, servicekey included, and the call guide pops its customer", async () => {
    setAddress({ query: { mobilenumber: FIXTURE_MOBILE, systemcallid: FIXTURE_CALL, sessionid: '483', servicekey: 'VoiceProcess' } });
    const { provider: el, guide } = await provider();
    expect(el.call).to.deep.equal({ mobilenumber: FIXTURE_MOBILE, systemcallid: FIXTURE_CALL, sessionid: '483' });
    expect(el.servicekey).to.equal('VoiceProcess');
    await guideFound(guide, 'Tanmay K');
    expect(notice(el)).to.equal(null);
    expect(warnings).to.deep.equal([]);
  });

  it('keeps the + of an international number, written as it is or as %2B; elsewhere + is a space', async () => {
    history.replaceState(null, '', `${original}${original.includes('?') ? '&' : '?'}mobilenumber=+919820012345&servicekey=Voice+In%20Out`);
    const { provider: el } = await provider();
    expect(el.mobilenumber).to.equal('+919820012345');
    expect(el.servicekey).to.equal('Voice In Out');
    setAddress({ hash: 'mobilenumber=%2B919820012346' });
    el.readCallFromUrl();
    expect(el.mobilenumber).to.equal('+919820012346');
  });

  it('takes the call from the hash, a hash route too, and the hash wins over the query', async () => {
    setAddress({ hash: `mobilenumber=${FIXTURE_MOBILE}&systemcallid=${FIXTURE_CALL}` });
    const { provider: el, guide } = await provider({ servicekey: 'VoiceProcess' });
    expect(el.call).to.deep.equal({ mobilenumber: FIXTURE_MOBILE, systemcallid: FIXTURE_CALL });
    await guideFound(guide, 'Tanmay K');
    fixtureCleanup();

    setAddress({ query: { mobilenumber: '9000100200', systemcallid: '1111' }, hash: `/calls?mobilenumber=${FIXTURE_MOBILE}` });
    const { provider: routed } = await provider();
    expect(routed.call, 'the hash call alone: never mixed with the query').to.deep.equal({ mobilenumber: FIXTURE_MOBILE });
    fixtureCleanup();

    setAddress({ query: { mobilenumber: '9000100200' }, hash: 'section-2' });
    const { provider: queried } = await provider();
    expect(queried.call, 'a hash without a call leaves the query').to.deep.equal({ mobilenumber: '9000100200' });
  });

  it('reads other names through call-params, and names what it cannot use', async () => {
    setAddress({ query: { ani: FIXTURE_MOBILE, callid: FIXTURE_CALL, mobilenumber: '9000100200', process: 'VoiceProcess' } });
    const { provider: el, guide } = await provider({ callParams: '{"mobilenumber":"ani","systemcallid":"callid","servicekey":"process","agent":"x"}' });
    expect(el.call, 'mobilenumber is read as ani only').to.deep.equal({ mobilenumber: FIXTURE_MOBILE, systemcallid: FIXTURE_CALL });
    expect(el.servicekey).to.equal('VoiceProcess');
    await guideFound(guide, 'Tanmay K');
    expect(warnings.join('\n')).to.contain('"agent" is not one of mobilenumber, systemcallid, sessionid, servicekey');
    expect(notice(el)).to.equal(null);
  });

  it('refuses a call with a bad value whole: a warning, a visible notice, nothing applied; accessible', async () => {
    setAddress({ query: { mobilenumber: '98<img src=x onerror=alert(1)>', systemcallid: FIXTURE_CALL, sessionid: 'abc', servicekey: 'VoiceProcess' } });
    const { provider: el } = await provider({ servicekey: 'VoiceInOut' });
    // Nothing of it: not the good systemcallid, not the servicekey.
    expect(el.call).to.deep.equal({});
    expect(el.servicekey).to.equal('VoiceInOut');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain("refuses the call in the page's query").and.contain('mobilenumber').and.contain('sessionid').and.contain('Nothing of it was applied');

    const shown = notice(el)!;
    expect(shown, 'a notice').to.exist;
    expect(shown.getAttribute('role')).to.equal('alert');
    expect(shown.getBoundingClientRect().height, 'visible').to.be.greaterThan(0);
    const text = shown.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain("The call in this page's address was not used:");
    expect(text).to.contain('mobilenumber must be a contact number of 3 to 16 digits, optionally led by + or 00.');
    expect(text).to.contain('sessionid must be a whole number.');
    expect(text, 'the address value itself is never shown').not.to.contain('img');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    await expect(el).to.be.accessible();

    // The same bad call again (a popstate that changes nothing): no second warning.
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(warnings).to.have.length(1);

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=dismiss]')!.click();
    await el.updateComplete;
    expect(notice(el)).to.equal(null);
  });

  it('keeps the current call when one value is bad, and names a renamed parameter with its field', async () => {
    setAddress({ query: { ani: FIXTURE_MOBILE, callid: '18071717-1728' } });
    const { provider: el } = await provider({ callParams: '{"mobilenumber":"ani","systemcallid":"callid"}' });
    expect(el.call).to.deep.equal({});
    expect(notice(el)!.textContent!.replace(/\s+/g, ' ')).to.contain('callid (systemcallid) must be digits only.');
  });

  it('does nothing, and says nothing, when the address names no call', async () => {
    setAddress({ query: { tab: 'history', servicekey: 'VoiceInOut' }, hash: 'top' });
    const { provider: el } = await provider({ servicekey: 'VoiceProcess' });
    el.call = { mobilenumber: FIXTURE_MOBILE };
    await el.updateComplete;
    expect(el.readCallFromUrl()).to.equal(false);
    expect(el.call).to.deep.equal({ mobilenumber: FIXTURE_MOBILE });
    expect(el.servicekey, 'a servicekey alone is no call').to.equal('VoiceProcess');
    expect(notice(el)).to.equal(null);
    expect(warnings).to.deep.equal([]);
  });

  it('reads the address again when it changes, and keeps a call set since until the address names another', async () => {
    setAddress({ hash: `mobilenumber=${FIXTURE_MOBILE}` });
    const { provider: el, guide } = await provider({ servicekey: 'VoiceProcess' });
    await guideFound(guide, 'Tanmay K');

    // A dialer that reuses the tab: hashchange.
    location.hash = 'mobilenumber=9123456780&systemcallid=42';
    await until(() => el.mobilenumber === '9123456780', 'the new hash call');
    expect(el.systemcallid).to.equal('42');
    await until(() => shadowText(guide).includes('No customer found for 9123456780'), 'the guide follows');

    // The page's script (or the dialer's events) sets a call: it wins over the address's old call.
    el.dispatchEvent(new JodoCallEvent({ mobilenumber: FIXTURE_MOBILE }));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await el.updateComplete;
    expect(el.call).to.deep.equal({ mobilenumber: FIXTURE_MOBILE });

    // A single-page CRM's back/forward (popstate) to another call: read.
    setAddress({ query: { mobilenumber: '9000100200' } }, 'push');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await until(() => el.mobilenumber === '9000100200', 'the popstate call');
    expect(el.systemcallid, 'the whole call replaced').to.equal('');

    // A router's pushState fires nothing: the page asks.
    setAddress({ query: { mobilenumber: '9000100201' } }, 'push');
    expect(el.readCallFromUrl()).to.equal(true);
    expect(el.mobilenumber).to.equal('9000100201');

    // A bad call later keeps the good one.
    setAddress({ query: { mobilenumber: 'x' } });
    expect(el.readCallFromUrl()).to.equal(false);
    await el.updateComplete;
    expect(el.mobilenumber).to.equal('9000100201');
    expect(notice(el)).to.exist;

    // Removed from the page: no more listening.
    const parent = el.parentElement!;
    el.remove();
    location.hash = 'mobilenumber=9000100202';
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(el.mobilenumber).to.equal('9000100201');
    // Back in the page: the address is read again.
    parent.append(el);
    expect(el.mobilenumber).to.equal('9000100202');
  });

  it('pops the customer and ties the wrap-up to the systemcallid of the address', async () => {
    const call = await control('/sandbox/calls', { login: 'user1', mobilenumber: FIXTURE_MOBILE, servicekey: 'VoiceProcess' });
    const systemcallid = String(call['systemcallid']);
    setAddress({ query: { mobilenumber: FIXTURE_MOBILE, systemcallid, sessionid: String(call['sessionid']), servicekey: 'VoiceProcess' } });
    const { provider: el, guide } = await provider({}, { withForms: true });
    await guideFound(guide, 'Tanmay K');

    const form = el.querySelector('jodo-disposition') as JodoDisposition;
    await el.status.refresh();
    await until(() => form.open, 'the wrap-up opens in Wrapup');
    await form.updateComplete;
    const outcome = form.shadowRoot!.querySelector<HTMLSelectElement>('#outcome')!;
    outcome.value = '1:2';
    outcome.dispatchEvent(new Event('change', { bubbles: true }));
    await form.updateComplete;
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    await until(() => !form.open, 'the wrap-up is saved', 8000);

    const { dispositions } = (await (await fetch('/sandbox/dispositions')).json()) as { dispositions: { contactvalue: string; systemcallid: string | null }[] };
    expect(dispositions).to.have.length(1);
    expect(dispositions[0]).to.include({ contactvalue: FIXTURE_MOBILE, systemcallid });
  });

  it("says the refusal in the page's language", async () => {
    setAddress({ query: { mobilenumber: '12' } });
    const { provider: el } = await provider({ lang: 'hi' });
    await until(() => (notice(el)?.textContent ?? '').includes('इस पेज के पते में दी गई कॉल इस्तेमाल नहीं की गई'), 'the notice in Hindi');
    expect(notice(el)!.textContent).to.contain('टूलबार अपनी मौजूदा कॉल ही रखता है।');
  });
});
