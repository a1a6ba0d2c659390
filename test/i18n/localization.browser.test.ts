// Languages in a real browser: Hindi and Arabic chosen from `lang`, switched at
// runtime by `<html lang>`, English for anything else; Arabic mirrored with
// dir="rtl"; numbers, durations and dates through Intl; nothing left watching
// the page once the toolbar is gone.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define/index.js';
import type { JodoCallGuide } from '../../src/elements/call-guide/call-guide.js';
import type { JodoDisposition } from '../../src/elements/disposition/disposition.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoStatus } from '../../src/elements/status/status.js';
import type { JodoToolbar } from '../../src/elements/toolbar/toolbar.js';
import { ENDPOINT, clearOutbox, control, shadowText, until } from '../helpers/browser-sandbox.js';

const DISPOSITIONS = [
  { id: 1, name: 'Interested', reasons: [{ id: 2, name: 'Send details' }] },
  { id: 9, name: 'Retired outcome', reasons: [{ id: 99, name: 'Gone from Jodo' }] },
];
const MOBILE = '7507959484';

/** What each language must show (real translations, not the English source). */
const EXPECTED = {
  en: { ready: 'Ready', customer: 'Customer', recording: 'Recording', noCall: 'No call', wrapUp: 'Wrap-up', noCallYet: 'No call yet', noRecordingYet: 'No call selected yet' },
  hi: { ready: 'तैयार', customer: 'ग्राहक', recording: 'रिकॉर्डिंग', noCall: 'कोई कॉल नहीं', wrapUp: 'रैप-अप', noCallYet: 'अभी कोई कॉल नहीं', noRecordingYet: 'अभी कोई कॉल नहीं चुनी गई' },
  ar: { ready: 'جاهز', customer: 'العميل', recording: 'التسجيل', noCall: 'لا توجد مكالمة', wrapUp: 'إنهاء المكالمة', noCallYet: 'لا توجد مكالمة بعد', noRecordingYet: 'لم تُحدَّد مكالمة بعد' },
} as const;

// Every MutationObserver this page has watching: the toolbar's language watcher must be gone with the toolbar.
const observing = new Set<MutationObserver>();
const { observe, disconnect } = MutationObserver.prototype;
MutationObserver.prototype.observe = function (...args: Parameters<MutationObserver['observe']>) {
  observing.add(this);
  return observe.apply(this, args);
};
MutationObserver.prototype.disconnect = function () {
  observing.delete(this);
  return disconnect.call(this);
};

async function toolbar(attributes: { lang?: string; dir?: string } = {}) {
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300"
    lang=${attributes.lang ?? ''} dir=${attributes.dir ?? ''}>
    <jodo-toolbar dispositions=${JSON.stringify(DISPOSITIONS)} callback-window-days="30"></jodo-toolbar>
  </jodo-provider>`);
  // An empty attribute is no attribute: the page decides.
  if (!attributes.lang) provider.removeAttribute('lang');
  if (!attributes.dir) provider.removeAttribute('dir');
  const bar = provider.querySelector('jodo-toolbar') as JodoToolbar;
  await bar.updateComplete;
  const inBar = <T extends Element>(selector: string) => bar.shadowRoot!.querySelector(selector) as T;
  return { provider, bar, status: inBar<JodoStatus>('jodo-status'), form: inBar<JodoDisposition>('jodo-disposition'), inBar };
}

const panelButtons = (bar: JodoToolbar) => [...bar.shadowRoot!.querySelectorAll('.panel-buttons button')].map((b) => b.textContent!.trim());
const nested = (bar: JodoToolbar, tag: string) => bar.shadowRoot!.querySelector(tag)!;

async function showsLanguage(bar: JodoToolbar, status: JodoStatus, language: keyof typeof EXPECTED) {
  const words = EXPECTED[language];
  await until(() => status.state === 1 && shadowText(status).startsWith(words.ready), `${language}: Ready as "${words.ready}" (got "${shadowText(status)}")`);
  await bar.updateComplete;
  expect(panelButtons(bar)).to.deep.equal([words.customer, words.recording]);
  expect(shadowText(bar)).to.contain(words.noCall);
  expect(shadowText(nested(bar, 'jodo-disposition'))).to.contain(words.wrapUp);
  // The call guide is in the page once its panel opens.
  bar.shadowRoot!.querySelector<HTMLButtonElement>('.panel-buttons button[aria-controls=customer]')!.click();
  await bar.updateComplete;
  await (nested(bar, 'jodo-call-guide') as JodoCallGuide).updateComplete;
  expect(shadowText(nested(bar, 'jodo-call-guide'))).to.contain(words.noCallYet);
}

/** The digits a language writes 0-9 with, by Intl itself. */
const digitsOf = (locale: string) => new Set([...Array(10).keys()].map((d) => new Intl.NumberFormat(locale).format(d)));

describe('languages', () => {
  const root = document.documentElement;
  const original = { lang: root.getAttribute('lang'), dir: root.getAttribute('dir') };

  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });

  afterEach(() => {
    fixtureCleanup();
    for (const [name, value] of Object.entries(original)) {
      if (value === null) root.removeAttribute(name);
      else root.setAttribute(name, value);
    }
  });

  it('a page without lang is English', async () => {
    root.removeAttribute('lang');
    const { bar, status } = await toolbar();
    // The browsers here prefer English; the page said nothing.
    await showsLanguage(bar, status, 'en');
  });

  it("renders Hindi from the provider's lang (hi-IN), in every element; accessible", async () => {
    const { bar, status, form } = await toolbar({ lang: 'hi-IN' });
    await showsLanguage(bar, status, 'hi');
    expect(shadowText(nested(bar, 'jodo-call-guide'))).to.contain('कॉल जुड़ते ही');
    // The recording player (in its panel once a call has an id) speaks Hindi too.
    const player = document.createElement('jodo-recording-player');
    bar.parentElement!.append(player);
    await player.updateComplete;
    expect(shadowText(player)).to.contain(EXPECTED.hi.noRecordingYet);
    // One language per page: an element outside the provider speaks it too, tag names intact (not "&lt;").
    const alone = await fixture<JodoStatus>(html`<jodo-status></jodo-status>`);
    expect(shadowText(alone)).to.contain('Jodo: कनेक्ट नहीं है').and.to.contain('इस एलिमेंट को <jodo-provider> के अंदर रखें।');
    form.open = true;
    await form.updateComplete;
    const hint = form.shadowRoot!.querySelector('#callback-hint')!.textContent!;
    expect(hint).to.equal(`वैकल्पिक। ${new Intl.NumberFormat('hi-IN').format(30)} दिन आगे तक।`);
    expect(form.shadowRoot!.querySelector('label[for=outcome]')!.textContent).to.equal('परिणाम');
    await expect(bar).to.be.accessible();
    await expect(form).to.be.accessible();
  });

  it('renders Arabic from <html lang="ar-EG">, with numbers in Arabic digits by Intl; accessible', async () => {
    root.setAttribute('lang', 'ar-EG');
    root.setAttribute('dir', 'rtl');
    const { bar, status, form } = await toolbar();
    await showsLanguage(bar, status, 'ar');
    const timer = status.shadowRoot!.querySelector('[part=timer] [aria-hidden]')!.textContent!;
    const digits = digitsOf('ar-EG');
    expect([...timer.replace(/:/g, '')].every((c) => digits.has(c)), `time in state "${timer}" in ar-EG digits`).to.be.true;
    const spoken = status.shadowRoot!.querySelector('[part=timer] .visually-hidden')!.textContent!;
    expect(spoken).to.match(/^منذ /);
    form.open = true;
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('#callback-hint')!.textContent).to.equal(`اختياري. حتى ${new Intl.NumberFormat('ar-EG').format(30)} يومًا قادمًا.`);
    await expect(bar).to.be.accessible();
    await expect(form).to.be.accessible();
  });

  it('switches every element when <html lang> changes at runtime', async () => {
    root.setAttribute('lang', 'en');
    const { bar, status } = await toolbar();
    await showsLanguage(bar, status, 'en');
    root.setAttribute('lang', 'hi');
    await showsLanguage(bar, status, 'hi');
    root.setAttribute('lang', 'ar');
    await showsLanguage(bar, status, 'ar');
    root.setAttribute('lang', 'en-GB');
    await showsLanguage(bar, status, 'en');
  });

  it("switches when the provider's lang changes, and the provider's lang wins over the page's", async () => {
    root.setAttribute('lang', 'ar');
    const { provider, bar, status } = await toolbar({ lang: 'hi' });
    await showsLanguage(bar, status, 'hi');
    provider.setAttribute('lang', 'ar-SA');
    await showsLanguage(bar, status, 'ar');
    provider.removeAttribute('lang');
    root.setAttribute('lang', 'hi');
    await showsLanguage(bar, status, 'hi');
  });

  it('falls back to English for a language it does not have', async () => {
    root.setAttribute('lang', 'hi');
    const { bar, status } = await toolbar({ lang: 'fr-FR' });
    await showsLanguage(bar, status, 'en');
    root.setAttribute('lang', 'de');
    const { bar: other, status: otherStatus } = await toolbar();
    await showsLanguage(other, otherStatus, 'en');
  });

  it('mirrors the bar in Arabic with dir=rtl: items run right to left', async () => {
    root.setAttribute('lang', 'ar');
    const { bar, status, inBar } = await toolbar({ dir: 'rtl' });
    await showsLanguage(bar, status, 'ar');
    const base = inBar<HTMLElement>('[part=base]');
    expect(getComputedStyle(base).direction).to.equal('rtl');
    const [customer, recording] = [...bar.shadowRoot!.querySelectorAll<HTMLElement>('.panel-buttons button')];
    const statusBox = status.getBoundingClientRect();
    const callBox = inBar<HTMLElement>('[part=call]').getBoundingClientRect();
    expect(statusBox.left, 'the state comes first, on the right').to.be.greaterThan(callBox.left);
    expect(customer!.getBoundingClientRect().left, 'Customer right of Recording').to.be.greaterThan(recording!.getBoundingClientRect().left);

    // The same bar left to right has them the other way round.
    bar.parentElement!.setAttribute('dir', 'ltr');
    await bar.updateComplete;
    expect(status.getBoundingClientRect().left).to.be.lessThan(inBar<HTMLElement>('[part=call]').getBoundingClientRect().left);
    expect(customer!.getBoundingClientRect().left).to.be.lessThan(recording!.getBoundingClientRect().left);
  });

  it('docks across the whole width in Arabic (logical insets)', async () => {
    root.setAttribute('lang', 'ar');
    root.setAttribute('dir', 'rtl');
    const { bar, status } = await toolbar();
    bar.setAttribute('dock', 'bottom');
    await showsLanguage(bar, status, 'ar');
    const box = bar.getBoundingClientRect();
    expect(Math.round(box.left)).to.equal(0);
    expect(Math.round(box.right)).to.equal(document.documentElement.clientWidth);
    expect(Math.round(box.bottom)).to.equal(window.innerHeight);
  });

  it('formats counts, dates and speeds per language through Intl', async () => {
    root.setAttribute('lang', 'ar');
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300">
      <jodo-disposition dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-disposition>
      <jodo-outbox></jodo-outbox>
      <jodo-recording-player systemcallid="180717171728015031"></jodo-recording-player>
    </jodo-provider>`);
    const form = provider.querySelector('jodo-disposition')!;
    const list = provider.querySelector('jodo-outbox')!;
    const player = provider.querySelector('jodo-recording-player')!;
    const numbers = new Intl.NumberFormat('ar');

    await until(() => !!player.shadowRoot!.querySelector('[part=speed]'), 'the player loads');
    const speeds = [...player.shadowRoot!.querySelectorAll('[part=speed] option')].map((o) => o.textContent);
    expect(speeds).to.deep.equal([0.75, 1, 1.25, 1.5, 2].map((s) => `${numbers.format(s)}x`));

    // A wrap-up Jodo refuses (outcome 9 is not set up) after it waited: counted, dated, explained in Arabic.
    const call = await control('/sandbox/calls', { login: 'user1', mobilenumber: MOBILE, servicekey: 'VoiceProcess' });
    provider.call = { mobilenumber: MOBILE, systemcallid: String(call['systemcallid']) };
    await provider.status.refresh();
    await until(() => form.open, 'the form opens itself in Wrapup');
    await form.updateComplete;
    await control('/sandbox/faults', { method: 'saveDisposition', http: 503 });
    const select = form.shadowRoot!.querySelector<HTMLSelectElement>('#outcome')!;
    select.value = '9:99';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await form.updateComplete;
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    await until(() => !form.open, 'kept in the outbox');
    await list.updateComplete;
    expect(shadowText(form)).to.contain('لم يُجب Jodo');
    expect(shadowText(list)).to.contain(`تغيير واحد بالانتظار (${numbers.format(1)})`);

    await provider.outbox.flush();
    await until(() => provider.outbox.entries[0]?.state === 'failed', 'refused');
    await list.updateComplete;
    const entry = provider.outbox.entries[0]!;
    const made = new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeStyle: 'short' }).format(entry.createdAt);
    expect(shadowText(list)).to.contain(`إنهاء مكالمة ${MOBILE}: تم الرفض.`).and.to.contain(`(أُنشئ ${made})`).and.to.contain('هذه النتيجة غير مُعدّة');
    expect(shadowText(list)).to.contain(`مرفوضة من Jodo: ${numbers.format(1)}.`);
    await expect(list).to.be.accessible();
  });

  it('leaves no MutationObserver (and no listener of the language) once every provider is gone', async () => {
    const before = observing.size;
    const { provider, bar, status } = await toolbar({ lang: 'hi' });
    await showsLanguage(bar, status, 'hi');
    expect(observing.size, 'one watcher while a provider is connected').to.equal(before + 1);
    const second = await fixture<JodoProvider>(html`<jodo-provider lang="ar"></jodo-provider>`);
    expect(observing.size, 'still one for two providers').to.equal(before + 1);
    second.remove();
    expect(observing.size).to.equal(before + 1);
    provider.remove();
    expect(observing.size, 'none after the last provider went').to.equal(before);
    // Back in the page, it watches again.
    document.body.append(provider);
    expect(observing.size).to.equal(before + 1);
    provider.remove();
    expect(observing.size).to.equal(before);
  });
});
