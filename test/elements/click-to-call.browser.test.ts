import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../src/define/index.js';
import type { JodoClickToCall } from '../../src/elements/click-to-call/click-to-call.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoDialEvent, JodoDialResultEvent } from '../../src/events/jodo-dial.js';
import { ENDPOINT, control, requestCounts, setState, shadowText, until } from '../helpers/browser-sandbox.js';

const POLL = 300;

async function toolbar(inner: TemplateResult, login = 'user1') {
  const provider = await fixture<JodoProvider>(
    html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login=${login} poll-interval=${POLL}>${inner}</jodo-provider>`,
  );
  return { provider, call: provider.querySelector('jodo-click-to-call')! };
}

const button = (el: JodoClickToCall) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!;
const message = (el: JodoClickToCall) => el.shadowRoot!.querySelector('[part=message]')!.textContent!.trim();
const imports = async () => (await requestCounts())['ImportProcessData'] ?? 0;
const ready = (el: JodoClickToCall) => until(() => el.unavailableReason === '', `ready to call (${el.unavailableReason})`);

async function agentCall(login: string): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(`/sandbox/agents/${encodeURIComponent(login)}/call`);
  return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
}

describe('<jodo-click-to-call>', () => {
  beforeEach(() => control('/sandbox/reset'));
  afterEach(() => control('/sandbox/dialer', { running: false }));

  it('is disabled with its reason while the agent is not Ready, and sends nothing when clicked', async () => {
    await setState('user1', 7);
    const { call } = await toolbar(html`<jodo-click-to-call number="+91 98200 12345"></jodo-click-to-call>`);
    await until(() => /Wrapup/.test(call.unavailableReason), 'the Wrapup reason');
    await call.updateComplete;
    const control_ = button(call);
    expect(control_.getAttribute('aria-disabled')).to.equal('true');
    expect(control_.title).to.match(/only when the agent is Ready; the agent is in Wrapup/);
    const described = call.shadowRoot!.getElementById(control_.getAttribute('aria-describedby')!)!;
    expect(described.textContent).to.equal(call.unavailableReason);
    await expect(call).to.be.accessible();
    const before = await imports();
    control_.click();
    await call.updateComplete;
    expect(message(call)).to.match(/agent is in Wrapup/);
    expect(await imports()).to.equal(before);
  });

  it('queues one call per agent at a time: a second number on the page waits until the dialler has moved the agent', async () => {
    const { provider } = await toolbar(html`<jodo-click-to-call number="9820012345"></jodo-click-to-call><jodo-click-to-call number="9820054321"></jodo-click-to-call>`);
    const [first, second] = [...provider.querySelectorAll('jodo-click-to-call')] as JodoClickToCall[];
    await ready(first!);
    await ready(second!);
    const before = await imports();
    button(first!).click();
    await until(() => /Jodo is calling/.test(message(first!)), 'the first call requested');
    // The agent still shows Ready (the dialler is paused): the other number is held back.
    await second!.updateComplete;
    expect(second!.unavailableReason).to.equal('Jodo is already calling another number for this agent.');
    button(second!).click();
    await second!.updateComplete;
    expect(message(second!)).to.equal('Jodo is already calling another number for this agent.');
    expect(await imports()).to.equal(before + 1);
    // The dialler takes the first call: the agent leaves Ready, and the hold with it.
    await setState('user1', 8);
    await until(() => /Dialling/.test(second!.unavailableReason), 'the agent is Dialling now');
    await setState('user1', 1);
    await ready(second!);
  });

  it('says why when there is no agent or no provider', async () => {
    const { call } = await toolbar(html`<jodo-click-to-call number="9820012345"></jodo-click-to-call>`, '');
    await call.updateComplete;
    expect(call.unavailableReason).to.equal('No agent is signed in.');
    const alone = await fixture<JodoClickToCall>(html`<jodo-click-to-call number="9820012345"></jodo-click-to-call>`);
    expect(alone.unavailableReason).to.match(/inside <jodo-provider>/);
    expect(button(alone).getAttribute('aria-disabled')).to.equal('true');
  });

  it('is disabled while the agent\'s state cannot be read, and enabled once it can', async () => {
    await control('/sandbox/faults', { method: 'userStatus', http: 503, times: 2 });
    const { call } = await toolbar(html`<jodo-click-to-call number="9820012345"></jodo-click-to-call>`);
    await until(() => call.unavailableReason === "Can't reach Jodo", 'the failing poll is the reason');
    await call.updateComplete;
    expect(button(call).getAttribute('aria-disabled')).to.equal('true');
    await ready(call);
  });

  it('is enabled when the agent is Ready, named "Call <number>", and follows the state', async () => {
    const { call } = await toolbar(html`<jodo-click-to-call number="+91 98200 12345"></jodo-click-to-call>`);
    await ready(call);
    await call.updateComplete;
    const control_ = button(call);
    expect(control_.getAttribute('aria-disabled')).to.equal('false');
    expect(control_.getAttribute('aria-label')).to.equal('Call +91 98200 12345');
    expect(control_.hasAttribute('aria-describedby')).to.be.false;
    expect(shadowText(call)).to.contain('+91 98200 12345');
    await expect(call).to.be.accessible();
    await setState('user1', 5);
    await until(() => /Talking/.test(call.unavailableReason), 'disabled while Talking');
  });

  it('sends one ImportProcessData on a click (a double click included), and the dialler calls that agent', async () => {
    await control('/sandbox/dialer', { running: true });
    // The fixture's customer: a known record is dialled again.
    const { provider, call } = await toolbar(html`<jodo-click-to-call number="750-795-9484" name="Ravi"></jodo-click-to-call>`);
    await ready(call);
    const dials: JodoDialEvent['detail'][] = [];
    const results: JodoDialResultEvent['detail'][] = [];
    provider.addEventListener('jodo-dial', (event) => dials.push(event.detail));
    provider.addEventListener('jodo-dial-result', (event) => results.push(event.detail));
    button(call).click();
    button(call).click();
    await call.updateComplete;
    expect(message(call)).to.match(/Dialling…|Jodo is calling/);
    await until(() => results.length === 1, 'Jodo answered');
    expect(dials).to.deep.equal([{ written: '750-795-9484', number: '7507959484', login: 'user1' }]);
    expect(results[0]).to.deep.equal({ written: '750-795-9484', number: '7507959484', login: 'user1', ok: true });
    await call.updateComplete;
    expect(message(call)).to.equal('Jodo is calling 750-795-9484.');
    expect(await imports()).to.equal(1);
    button(call).click();
    await call.updateComplete;
    expect(await imports(), 'no second request while the call is being placed').to.equal(1);
    await until(async () => (await agentCall('user1'))?.['mobilenumber'] === '7507959484', 'the dialler calls user1', 5000);
    expect((await agentCall('user1'))?.['customer']).to.include({ name: 'Ravi', calltype: 5 });
    await until(() => /Dialling|Talking/.test(call.unavailableReason), 'the agent is on the call', 5000);
    await expect(call).to.be.accessible();
  });

  it('refuses a number it cannot dial with a message, before anything is sent', async () => {
    const { provider } = await toolbar(html`
      <jodo-click-to-call number="12"></jodo-click-to-call>
      <jodo-click-to-call>98200 CALL ME</jodo-click-to-call>
    `);
    const [short, letters] = [...provider.querySelectorAll('jodo-click-to-call')];
    await until(() => provider.status.snapshot('user1')?.agent?.state === 1, 'Ready known');
    let dialled = 0;
    provider.addEventListener('jodo-dial', () => dialled++);
    expect(short!.dialNumber).to.be.undefined;
    expect(short!.unavailableReason).to.equal('12 cannot be dialled: a number has 3 to 16 digits, optionally led by + or 00.');
    expect(letters!.unavailableReason).to.match(/^98200 CALL ME is not a phone number/);
    button(short!).click();
    button(letters!).click();
    await short!.updateComplete;
    await letters!.updateComplete;
    expect(message(short!)).to.match(/cannot be dialled/);
    expect(message(letters!)).to.match(/is not a phone number/);
    expect(dialled).to.equal(0);
    expect(await imports()).to.equal(0);
    await expect(short).to.be.accessible();
  });

  it('sends nothing when the page cancels jodo-dial', async () => {
    const { provider, call } = await toolbar(html`<jodo-click-to-call number="+44 20 7946 0958"></jodo-click-to-call>`);
    await ready(call);
    const seen: string[] = [];
    provider.addEventListener('jodo-dial', (event) => {
      seen.push(event.detail.number);
      event.preventDefault();
    });
    button(call).click();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).to.deep.equal(['+442079460958']);
    expect(await imports()).to.equal(0);
    expect(message(call)).to.equal('');
  });

  it('writes numbers by the dial policy: the provider for the page, the element (or its scanner) first', async () => {
    const provider = await fixture<JodoProvider>(html`
      <jodo-provider endpoint=${ENDPOINT} apikey="test_org" login="user1" trunk="telco" country-code="91" domestic-prefix="0">
        <jodo-click-to-call id="abroad" number="+44 20 7946 0958"></jodo-click-to-call>
        <jodo-click-to-call id="home" number="+91 98200 12345"></jodo-click-to-call>
        <jodo-click-to-call id="own" trunk="gsm" number="+44 20 7946 0958"></jodo-click-to-call>
        <jodo-click-to-call scan domestic-prefix="9"><p>Office 022 2345 6789</p></jodo-click-to-call>
      </jodo-provider>
    `);
    const el = (selector: string) => provider.querySelector<JodoClickToCall>(selector)!;
    await el('#own').updateComplete;
    expect(el('#abroad').dialNumber).to.equal('00442079460958');
    expect(el('#home').dialNumber).to.equal('09820012345');
    expect(el('#own').dialNumber).to.equal('+442079460958');
    await until(() => el('[scan] jodo-click-to-call') !== null, 'the scan found the number');
    expect(el('[scan] jodo-click-to-call').dialNumber).to.equal('902223456789');
    provider.setAttribute('trunk', 'gsm');
    await provider.updateComplete;
    await el('#abroad').updateComplete;
    expect(el('#abroad').dialNumber).to.equal('+442079460958');
  });

  it('scan: turns the numbers of a table into calls, keeps its markup, leaves dates, ids and amounts, and follows added rows', async () => {
    const { provider } = await toolbar(html`
      <jodo-click-to-call scan>
        <table>
          <caption>Customers</caption>
          <thead><tr><th>Name</th><th>Mobile</th><th>Stored</th><th>Call id</th><th>Due</th><th>Note</th></tr></thead>
          <tbody>
            <tr><td>Ram</td><td><b>+91 98200 12345</b></td><td>2016-01-20 12:00:00</td><td>180717171728015031</td><td>₹1,234.50</td><td><input aria-label="Note" value="9820012345" /></td></tr>
            <tr><td>Avhan (office 022-2345-6789)</td><td><a href="tel:9000100200">9000100200</a></td><td>20/01/2016</td><td>140912183554281005</td><td>Rs. 1234567</td><td><textarea aria-label="Remarks">call 9000100201</textarea></td></tr>
          </tbody>
        </table>
      </jodo-click-to-call>
    `);
    const scan = provider.querySelector('jodo-click-to-call[scan]')!;
    const links = () => [...scan.querySelectorAll<JodoClickToCall>('jodo-click-to-call')];
    await until(() => links().length === 2, 'two numbers found');
    expect(links().map((link) => link.getAttribute('number'))).to.deep.equal(['+91 98200 12345', '022-2345-6789']);
    const rows = scan.querySelectorAll<HTMLTableRowElement>('tbody tr');
    expect(rows[0]!.querySelector('b > jodo-click-to-call'), 'inside the page’s own markup').to.exist;
    expect(rows[1]!.cells[0]!.textContent).to.equal('Avhan (office 022-2345-6789)');
    expect(rows[0]!.cells.length).to.equal(6);
    for (const row of rows) for (const index of [2, 3, 4, 5]) expect(row.cells[index]!.querySelector('jodo-click-to-call')).to.equal(null);
    expect(rows[1]!.querySelector('a')!.textContent).to.equal('9000100200');
    await until(() => links().every((link) => link.unavailableReason === ''), 'the links are ready');
    await expect(scan).to.be.accessible();

    const row = document.createElement('tr');
    row.innerHTML = '<td>New</td><td>0091 98200 54321</td><td>2024-02-29</td><td>1</td><td>12.50</td><td></td>';
    scan.querySelector('tbody')!.append(row);
    await until(() => links().length === 3, 'the added row is scanned');
    expect(links()[2]!.getAttribute('number')).to.equal('0091 98200 54321');
    rows[0]!.cells[5]!.append(' or 98200 11111');
    await until(() => links().length === 4, 'added text is scanned');
    // Idempotent: scanning again finds nothing new and nests nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(links().length).to.equal(4);
    expect(scan.querySelectorAll(':scope jodo-click-to-call jodo-click-to-call').length).to.equal(0);
  });

  it('is keyboard operable: Tab reaches it, Enter places the call', async () => {
    const { provider, call } = await toolbar(html`<button>before</button><jodo-click-to-call number="9820012345"></jodo-click-to-call>`);
    await ready(call);
    const dials: string[] = [];
    provider.addEventListener('jodo-dial', (event) => {
      dials.push(event.detail.number);
      event.preventDefault();
    });
    provider.querySelector('button')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(call.shadowRoot!.activeElement).to.equal(button(call));
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: ' ' });
    expect(dials).to.deep.equal(['9820012345', '9820012345']);
  });
});
