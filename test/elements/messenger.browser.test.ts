// <jodo-messenger> against the sandbox's messenger process Reminders (its own espeak-ng
// speech engine): the list checked before sending, batches sent once (also across a
// reload, through the gateway's idempotency), leads followed until called, the message
// played in place; keyboard, accessibility and languages.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/index.js';
import type { JodoMessenger } from '../../src/elements/messenger/messenger.js';
import { loadCampaign, planCampaign, saveCampaign, forgetCampaign } from '../../src/elements/messenger/campaign.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoMessengerSentEvent } from '../../src/events/jodo-messenger.js';
import { ENDPOINT, clearOutbox, control, requestCounts, shadowText, until } from '../helpers/browser-sandbox.js';

const GATEWAY = '/replicas/jodo';
const CSV = 'name,mobilenumber,plan\nAsha Rao,9811122201,Gold\nRavi K,9811122202,Silver\n"Meera, Jr",9811122203,Gold\n';

const imports = async () => (await requestCounts())['ImportProcessData'] ?? 0;

async function messenger(options: { endpoint?: string; login?: string; lang?: string; dir?: string; batch?: number } = {}) {
  const { endpoint = ENDPOINT, login = 'user10', batch = 2 } = options;
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${endpoint} apikey=${endpoint === ENDPOINT ? 'test_org' : ''} servicekey="VoiceProcess"
    login=${login} lang=${options.lang ?? 'en'} dir=${options.dir ?? 'ltr'}>
    <jodo-messenger servicekey="Reminders" batch-size=${batch}></jodo-messenger>
  </jodo-provider>`);
  const el = provider.querySelector('jodo-messenger') as JodoMessenger;
  await el.updateComplete;
  return { provider, el };
}

const inside = <T extends Element>(el: JodoMessenger, selector: string) => el.shadowRoot!.querySelector(selector) as T;
const all = (el: JodoMessenger, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)];

async function paste(el: JodoMessenger, text: string) {
  const area = inside<HTMLTextAreaElement>(el, 'textarea');
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

/** Each row's cells as text. */
const table = (el: JodoMessenger) => all(el, 'tbody tr').map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim()));
/** The counts per stage as shown (`{ 'Waiting for speech': 1, … }`). */
const counts = (el: JodoMessenger) =>
  Object.fromEntries(all(el, '[part=counts] li').map((li) => [li.textContent!.replace(/^\s*\S+\s*/, '').trim(), Number(li.querySelector('.count')!.textContent)]));

async function sandboxRecords(numbers: string[]): Promise<Record<string, unknown>[]> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'getProcessData', apikey: 'test_org', servicekey: 'Reminders', searchparam: 'mobilenumber', mobilenumber: numbers }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>[] };
  return body.data ?? [];
}

async function signIn(login: string): Promise<void> {
  await fetch(`${GATEWAY}/session`, { method: 'POST', body: new URLSearchParams({ login }), redirect: 'manual' });
}

describe('<jodo-messenger>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await control('/sandbox/dialer', { running: false });
    await clearOutbox();
    for (const login of ['user10', 'user1']) forgetCampaign(login);
  });
  afterEach(async () => {
    await control('/sandbox/dialer', { running: false });
    await control('/sandbox/processes/Reminders/messenger', { webhook: 'sandbox:tts' });
    for (const login of ['user10', 'user1']) forgetCampaign(login);
  });

  it('reads pasted CSV, shows each row\'s problems, and sends nothing while there are any', async () => {
    const { el } = await messenger();
    await paste(el, 'name,mobilenumber\nAsha,98-11\nRavi,\n"Meera, Jr",9811122203\nDev,9811122203\n');
    expect(table(el)).to.deep.equal([
      ['2', 'Asha', '98-11', 'The number must be a contact number of 3 to 16 digits, optionally led by + or 00.'],
      ['3', 'Ravi', '', 'The number is required.'],
      ['4', 'Meera, Jr', '9811122203', 'OK'],
      ['5', 'Dev', '9811122203', 'This number is also on row 4.'],
    ]);
    expect(shadowText(el)).to.contain('Customers: 4. With problems: 3.');
    await expect(el).to.be.accessible();
    inside<HTMLButtonElement>(el, '[part=send]').click();
    await until(() => Boolean(inside(el, '.notice')), 'the refusal is said');
    expect(inside(el, '.notice').textContent).to.equal('Nothing was sent. Rows with problems: 3. Fix them first.');
    expect(el.shadowRoot!.activeElement).to.equal(inside(el, '.notice'));
    expect(await imports()).to.equal(0);
    expect(await sandboxRecords(['9811122203'])).to.deep.equal([]);
    // A header without a number column is said as such.
    await paste(el, 'name,phone\nAsha,9811122201\n');
    expect(shadowText(el)).to.contain('The header row has no mobilenumber column.');
    // A time in the past is a problem too.
    await paste(el, CSV);
    inside<HTMLInputElement>(el, 'input[value=at]').click();
    const at = inside<HTMLInputElement>(el, '#at');
    at.value = '2020-01-01T10:00';
    at.dispatchEvent(new Event('input'));
    inside<HTMLButtonElement>(el, '[part=send]').click();
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Choose a time from now on.');
    expect(await imports()).to.equal(0);
  });

  it('takes `contacts` from the page and sends them in batches, each once, as Voice Out records at the chosen time', async () => {
    const { el } = await messenger();
    const sent: JodoMessengerSentEvent['detail'][] = [];
    el.addEventListener('jodo-messenger-sent', (event) => sent.push(event.detail));
    el.contacts = [
      { name: 'Asha Rao', mobilenumber: '9811122201', plan: 'Gold' },
      { name: 'Ravi K', mobilenumber: 9811122202 },
      { name: 'Meera', mobilenumber: '9811122203' },
    ];
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Customers from the page: 3.').and.to.contain('Customers: 3. All ready to send.');
    inside<HTMLInputElement>(el, 'input[value=at]').click();
    const at = inside<HTMLInputElement>(el, '#at');
    at.value = '2099-05-06T07:08';
    at.dispatchEvent(new Event('input'));
    inside<HTMLButtonElement>(el, '[part=send]').click();
    await until(() => sent.length === 1, 'every batch is in Jodo');
    expect(sent[0]).to.include({ servicekey: 'Reminders', leads: 3 });
    expect(await imports(), 'three records in batches of two').to.equal(2);
    const stored = await sandboxRecords(['9811122201', '9811122202', '9811122203']);
    expect(stored.map((r) => [r['mobilenumber'], r['callDateTime'], 'systemcallid' in r])).to.deep.equal([
      ['9811122201', '2099-05-06 07:08:00', false],
      ['9811122202', '2099-05-06 07:08:00', false],
      ['9811122203', '2099-05-06 07:08:00', false],
    ]);
    // Waiting for speech, or already spoken (the engine is quick): either way a messenger record, not called before its time.
    for (const record of stored) expect([10500, 1001]).to.include(record['leadstatus']);
    expect(stored[0]!['plan']).to.equal('Gold');
    await until(() => counts(el)['Ready to dial'] === 3, 'spoken, then waiting for their time', 15_000);
    expect(await imports(), 'nothing sent again while following').to.equal(2);
    await expect(el).to.be.accessible();
  });

  it('follows each lead to called, announces the counts, plays the spoken message in place, and offers to check again', async function () {
    this.timeout(40_000);
    await control('/sandbox/dialer', { running: true });
    const { el } = await messenger();
    await paste(el, CSV);
    inside<HTMLButtonElement>(el, '[part=send]').click();
    await until(() => counts(el)['Called'] === 3, `all called (${JSON.stringify(counts(el))})`, 30_000);
    expect(counts(el)).to.include({ 'Waiting for speech': 0, 'Speech problem': 0, 'Ready to dial': 0, Called: 3 });
    expect(inside(el, '[role=status]').textContent).to.equal('Waiting for speech: 0. Speech problem: 0. Ready to dial: 0. Called: 3.');
    await until(() => Boolean(inside(el, '[part=check-again]')), 'settled: following stops');
    const play = all(el, 'tbody button')[0] as HTMLButtonElement;
    expect(play.textContent!.trim()).to.equal('Play message');
    play.click();
    await el.updateComplete;
    expect(play.getAttribute('aria-expanded')).to.equal('true');
    const player = inside<HTMLElement & { updateComplete: Promise<boolean> }>(el, 'jodo-recording-player');
    const [record] = await sandboxRecords(['9811122201']);
    expect(player.getAttribute('systemcallid')).to.equal(String(record!['systemcallid']));
    expect(player.getAttribute('servicekey')).to.equal('Reminders');
    // The recording is there once the call has played the message (a few seconds after dialling): the player says so until then.
    await until(
      async () => {
        if (player.shadowRoot!.querySelector('audio')) return true;
        await new Promise((resolve) => setTimeout(resolve, 500));
        player.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry]')?.click();
        return false;
      },
      'the recording is in the player',
      20_000,
    );
    expect(player.shadowRoot!.querySelector('audio')!.src).to.match(/\/sandbox\/recordings\/\d+\.wav$/);
    await expect(el).to.be.accessible();
    const polls = (await requestCounts())['getProcessData'] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await requestCounts())['getProcessData'] ?? 0, 'nothing is read once all are settled').to.equal(polls);
    inside<HTMLButtonElement>(el, '[part=check-again]').click();
    await until(async () => ((await requestCounts())['getProcessData'] ?? 0) > polls, 'read again on request');
  });

  it('shows a lead\'s speech problem, and stops reading when it leaves the page', async function () {
    this.timeout(20_000);
    await control('/sandbox/processes/Reminders/messenger', { webhook: 'http://127.0.0.1:1/x' });
    const { provider, el } = await messenger();
    await paste(el, 'name,mobilenumber\nKiran,9811122237\n');
    inside<HTMLButtonElement>(el, '[part=send]').click();
    await until(() => counts(el)['Speech problem'] === 1, `the problem is shown (${JSON.stringify(counts(el))})`, 10_000);
    expect(table(el)[0]![3]).to.match(/^Speech problem: the webhook could not be reached/);
    expect(all(el, 'tbody button'), 'no message to play').to.have.length(0);
    provider.remove();
    const polls = (await requestCounts())['getProcessData'] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await requestCounts())['getProcessData'] ?? 0).to.equal(polls);
  });

  it('resumes a send after a reload without sending any batch twice (the gateway answers a repeated key)', async function () {
    this.timeout(20_000);
    await signIn('user10');
    // A reload between planning and handing over: the send is kept, no batch has gone.
    const leads = [
      { name: 'Asha', mobilenumber: '9811122211' },
      { name: 'Ravi', mobilenumber: '9811122212' },
      { name: 'Meera', mobilenumber: '9811122213' },
    ];
    saveCampaign('user10', planCampaign('Reminders', leads, 2));
    const first = await messenger({ endpoint: GATEWAY });
    await until(() => loadCampaign('user10')?.batches.every((b) => b.state === 'sent') ?? false, 'both batches sent on load');
    expect(await imports()).to.equal(2);
    await until(() => counts(first.el)['Ready to dial'] === 3, 'followed on', 15_000);
    first.provider.remove();

    // A reload after Jodo answered but before the page wrote it down: every batch looks unsent.
    const kept = loadCampaign('user10')!;
    saveCampaign('user10', { ...kept, batches: kept.batches.map((batch) => ({ ...batch, state: 'planned' as const })) });
    const second = await messenger({ endpoint: GATEWAY });
    await until(() => loadCampaign('user10')?.batches.every((b) => b.state === 'sent') ?? false, 'both batches confirmed again');
    expect(await imports(), 'answered from the gateway: nothing reached Jodo twice').to.equal(2);
    await until(() => counts(second.el)['Ready to dial'] === 3, 'the same leads, followed');
    expect(shadowText(second.el)).to.contain('Batches Jodo has: 2 of 2.');
  });

  it('says so when the gateway refuses an agent the messenger process', async () => {
    await signIn('user1');
    const { el } = await messenger({ endpoint: GATEWAY, login: 'user1' });
    await paste(el, CSV);
    inside<HTMLButtonElement>(el, '[part=send]').click();
    await until(() => /were not sent/.test(shadowText(el)), 'the refusal is shown');
    expect(shadowText(el)).to.contain('only a supervisor or an administrator');
    expect(await imports()).to.equal(0);
    await signIn('user10');
  });

  it('is used with the keyboard alone', async () => {
    const { el } = await messenger();
    inside<HTMLTextAreaElement>(el, 'textarea').focus();
    await sendKeys({ type: 'name,mobilenumber' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'Asha,9811122221' });
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Customers: 1. All ready to send.');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(inside(el, 'input[value=now]'));
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'the disabled time is skipped').to.equal(inside(el, '[part=send]'));
    await sendKeys({ press: 'Enter' });
    await until(async () => (await imports()) === 1, 'sent from the keyboard');
    await until(() => el.shadowRoot!.activeElement === inside(el, '[part=counts]'), 'the focus moves to the counts');
    // Its answer is kept with the send (localStorage) once the client has it, which can be after Jodo counted the
    // import: awaited here, or it would be kept after this test's clean-up and the next test's messenger would resume it.
    await until(() => loadCampaign('user10')?.batches.every((batch) => batch.state === 'sent') ?? false, 'the batch kept as sent');
  });

  it('speaks Hindi and Arabic (right to left)', async () => {
    for (const [lang, dir, word] of [['hi', 'ltr', 'ग्राहक'], ['ar', 'rtl', 'العملاء']] as const) {
      const { provider, el } = await messenger({ lang, dir });
      await until(() => shadowText(el).includes(word), `${lang}: "${word}" in ${shadowText(el)}`);
      await paste(el, 'name,mobilenumber\nAsha,98-11\n');
      expect(getComputedStyle(inside(el, 'table')).direction).to.equal(dir);
      await expect(el).to.be.accessible();
      provider.lang = 'en';
      await until(() => shadowText(el).includes('Customers'), 'back to English');
      provider.remove();
    }
  });
});
