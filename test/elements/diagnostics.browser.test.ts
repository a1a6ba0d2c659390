import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-diagnostics.js';
import '../../src/define/jodo-disposition.js';
import '../../src/define/jodo-call-guide.js';
import '../../src/define/jodo-toolbar.js';
import { formatJodoDateTime, parseJodoDateTime } from '../../src/api/rules.js';
import type { JodoDiagnostics } from '../../src/elements/diagnostics/diagnostics.js';
import { reportText } from '../../src/elements/diagnostics/report.js';
import type { JodoDisposition } from '../../src/elements/disposition/disposition.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { ENDPOINT, clearOutbox, control, shadowText, until } from '../helpers/browser-sandbox.js';

const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }] }];
const HOUR = 3_600_000;
const REMARKS = 'Tanmay K asked about the gold plan';

/** A provider with diagnostics, a wrap-up form and a call guide: on the sandbox with its key, or signed in through the gateway with a token. */
async function setup(login = 'tanmay.k', { endpoint = ENDPOINT, tokenUrl }: { endpoint?: string; tokenUrl?: string } = {}) {
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${endpoint} apikey=${ifDefined(tokenUrl ? undefined : 'test_org')} token-url=${ifDefined(tokenUrl)}
    servicekey="VoiceProcess" login=${login} poll-interval="300">
    <jodo-diagnostics></jodo-diagnostics>
    <jodo-disposition dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-disposition>
    <jodo-call-guide></jodo-call-guide>
  </jodo-provider>`);
  const diagnostics = provider.querySelector<JodoDiagnostics>('jodo-diagnostics')!;
  const form = provider.querySelector<JodoDisposition>('jodo-disposition')!;
  return { provider, diagnostics, form };
}

function type(form: JodoDisposition, selector: string, value: string) {
  const input = form.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

/** `datetime-local` text of a time of this computer's clock. */
const localInput = (ms: number) => formatJodoDateTime(new Date(ms)).slice(0, 16).replace(' ', 'T');

/** A whole call for the agent, popped in the provider; the form opens itself in Wrapup. */
async function wholeCall(provider: JodoProvider, form: JodoDisposition, login = 'tanmay.k') {
  const call = await control('/sandbox/calls', { login, mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
  provider.call = { mobilenumber: '7507959484', systemcallid: String(call['systemcallid']) };
  await provider.status.refresh();
  await until(() => form.open, 'the wrap-up opens in Wrapup');
  await form.updateComplete;
}

async function save(form: JodoDisposition) {
  form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
  await until(() => !form.open || !!form.shadowRoot!.querySelector('.error, .form-error'), 'the save has an outcome', 8000);
}

describe('<jodo-diagnostics>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });
  afterEach(async () => {
    await control('/sandbox/reset');
  });

  it('shows the connection, the clock, the outbox and the versions, accessibly', async () => {
    const { provider, diagnostics } = await setup();
    await provider.status.refresh();
    await until(() => (provider.requests.entries.length ?? 0) > 0, 'a poll is recorded');
    await diagnostics.updateComplete;
    const text = shadowText(diagnostics);
    expect(text).to.contain('Answering.');
    expect(text).to.match(/Last good poll \d/);
    expect(text).to.contain('This tab polls.');
    expect(text).to.contain("agree to within a second");
    expect(text).to.contain('Nothing waits.');
    expect(text).to.contain('0.1.0');
    expect(text).to.match(/Lit \d+\.\d+\.\d+/);
    expect(diagnostics.shadowRoot!.querySelector('[part=warning]')).to.be.null;
    await expect(diagnostics).to.be.accessible();
    diagnostics.shadowRoot!.querySelector('details')!.open = true;
    await expect(diagnostics).to.be.accessible();
  });

  it('measures a shifted Jodo clock, warns, and sends a callback "in 1 hour" as Jodo\'s now + 1 h', async () => {
    await control('/sandbox/clock', { offsetMs: 2 * HOUR });
    const { provider, diagnostics, form } = await setup();
    await wholeCall(provider, form);
    await until(() => provider.requests.skewSamples >= 3, 'three answers measured', 5000);
    const skew = provider.requests.skewMs!;
    expect(Math.abs(skew - 2 * HOUR), `skew ${skew}`).to.be.below(1500);
    await diagnostics.updateComplete;
    expect(shadowText(diagnostics)).to.contain("Jodo's clock is 2 hours ahead of this computer's");
    expect(diagnostics.shadowRoot!.querySelector('[part=warning]')?.textContent).to.contain('off by more than a minute');
    expect(diagnostics.report().clock.warning).to.be.true;

    type(form, '#outcome', '1:1');
    const chosen = Date.now() + HOUR;
    type(form, '#callback', localInput(chosen));
    await form.updateComplete;
    await save(form);
    expect(form.open, form.shadowRoot!.textContent ?? '').to.be.false;
    const { dispositions } = (await (await fetch('/sandbox/dispositions')).json()) as { dispositions: { selecteddatetime: string }[] };
    const sent = parseJodoDateTime(dispositions.at(-1)!.selecteddatetime)!.getTime();
    const { now } = (await (await fetch('/sandbox/clock')).json()) as { now: string };
    const jodoNow = parseJodoDateTime(now)!.getTime();
    // Jodo's now + 1 h (the input has minutes only: up to a minute earlier), never this computer's.
    expect(sent - jodoNow, `sent ${dispositions.at(-1)!.selecteddatetime}, Jodo's now ${now}`).to.be.within(HOUR - 2 * 60_000, HOUR + 5000);
    await expect(diagnostics).to.be.accessible();
  });

  it('a report after a call, a refused save and a sign-in holds no secret and no customer data', async () => {
    // A sign-in: the CRM's token through the gateway (the token must stay out of the report).
    const tokenResponse = await fetch('/jwt/token?kind=valid&login=tanmay.k');
    const { token } = (await tokenResponse.json()) as { token: string };
    document.cookie = 'jodo_session=cookie-value-9f8e7d; path=/';
    const { provider, diagnostics, form } = await setup('tanmay.k', { endpoint: '/jwt/jodo', tokenUrl: '/jwt/token?kind=valid&login=tanmay.k' });
    await wholeCall(provider, form);
    await until(() => (provider.querySelector('jodo-call-guide')!.shadowRoot!.textContent ?? '').includes('Tanmay'), 'the call guide pops the customer', 8000);

    // The save is refused: the contact is on the DNC list, by the sandbox's fault.
    await control('/sandbox/faults', { method: 'saveDisposition', status: 32 });
    type(form, '#outcome', '1:1');
    type(form, '#remarks', REMARKS);
    await save(form);
    expect(form.open).to.be.true;
    await until(() => provider.requests.entries.some((r) => r.method === 'saveDisposition' && r.code === 32), 'the refusal is recorded');

    const report = diagnostics.report();
    const json = JSON.stringify(report);
    const text = reportText(report);
    expect(report.requests.last.map((r) => r.method)).to.include.members(['userStatus', 'getProcessData', 'saveDisposition']);
    expect(report.connection.recentFailures.some((r) => r.code === 32)).to.be.true;
    for (const secret of ['test_org', token, token.split('.')[1]!, 'cookie-value-9f8e7d', '7507959484', 'Tanmay K', 'gold plan', REMARKS]) {
      expect(json, 'the JSON report').not.to.contain(secret);
      expect(text, 'the text report').not.to.contain(secret);
    }
    document.cookie = 'jodo_session=; path=/; max-age=0';
  });

  it('keeps the report of a direct sandbox page (apikey) free of the key; copies and downloads it', async () => {
    const { provider, diagnostics } = await setup('user1');
    await provider.status.refresh();
    await diagnostics.updateComplete;
    expect(JSON.stringify(diagnostics.report())).not.to.contain('test_org');

    // Copy: the clipboard where the browser allows it, else the text selected for Ctrl+C.
    const copy = diagnostics.shadowRoot!.querySelector<HTMLButtonElement>('[part=copy]')!;
    copy.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => /copied|did not allow/.test(shadowText(diagnostics)), 'copying has an outcome');
    const area = diagnostics.shadowRoot!.querySelector<HTMLTextAreaElement>('#report-text');
    if (area) {
      expect(area.value).to.contain('Jodo toolbar support report');
      expect(diagnostics.shadowRoot!.activeElement).to.equal(area);
    }
    await expect(diagnostics).to.be.accessible();

    // Download: a JSON file through a Blob URL.
    const made: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => (made.push(blob as Blob), original.call(URL, blob));
    let downloaded = '';
    const onClick = (event: Event) => {
      const link = event.composedPath()[0] as HTMLAnchorElement;
      if (link.download) {
        downloaded = link.download;
        event.preventDefault();
      }
    };
    diagnostics.shadowRoot!.addEventListener('click', onClick, true);
    try {
      diagnostics.shadowRoot!.querySelector<HTMLButtonElement>('[part=download]')!.click();
      await until(() => made.length === 1, 'a Blob is made');
    } finally {
      URL.createObjectURL = original;
      diagnostics.shadowRoot!.removeEventListener('click', onClick, true);
    }
    expect(downloaded).to.match(/^jodo-support-.+\.json$/);
    const report = JSON.parse(await made[0]!.text()) as { report: string; agent: { login: string } };
    expect(report.report).to.equal('jodo-toolbar support report');
    expect(report.agent.login).to.equal('user1');
  });

  it('opens from the toolbar\'s help popover with the keyboard', async () => {
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300">
      <jodo-toolbar dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-toolbar>
    </jodo-provider>`);
    const toolbar = provider.querySelector('jodo-toolbar')!;
    await toolbar.updateComplete;
    const root = toolbar.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[part=shortcuts-button]')!.click();
    await until(() => root.querySelector('#shortcuts')!.matches(':popover-open'), 'the help popover opens');
    root.querySelector<HTMLButtonElement>('[part=diagnostics-button]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !!root.querySelector('jodo-diagnostics'), 'the diagnostics panel opens');
    await until(() => root.activeElement?.id === 'diagnostics-close', 'the focus moves into the panel');
    expect(root.querySelector('#shortcuts')!.matches(':popover-open')).to.be.false;
    const diagnostics = root.querySelector<JodoDiagnostics>('jodo-diagnostics')!;
    await diagnostics.updateComplete;
    expect(shadowText(diagnostics)).to.contain('Diagnostics');
    await expect(toolbar).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await until(() => !root.querySelector('jodo-diagnostics'), 'Close diagnostics closes it');
    expect(root.activeElement?.getAttribute('part')).to.equal('shortcuts-button');
  });

  for (const [lang, dir, words] of [
    ['hi', 'ltr', ['डायग्नोस्टिक्स', 'कनेक्शन', 'घड़ी', 'सहायता रिपोर्ट कॉपी करें']],
    ['ar', 'rtl', ['التشخيص', 'الاتصال', 'الساعة', 'نسخ تقرير الدعم']],
  ] as const) {
    it(`speaks ${lang}${dir === 'rtl' ? ', right to left' : ''}; accessible`, async () => {
      const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300" lang=${lang} dir=${dir}>
        <jodo-diagnostics></jodo-diagnostics>
      </jodo-provider>`);
      const diagnostics = provider.querySelector<JodoDiagnostics>('jodo-diagnostics')!;
      await provider.status.refresh();
      await until(() => words.every((word) => shadowText(diagnostics).includes(word)), `${lang}: ${shadowText(diagnostics)}`);
      if (dir === 'rtl') expect(getComputedStyle(diagnostics.shadowRoot!.querySelector('[part=base]')!).direction).to.equal('rtl');
      await expect(diagnostics).to.be.accessible();
    });
  }
});
