import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-disposition.js';
import { JodoClient } from '../../src/api/client.js';
import { AgentStates } from '../../src/api/codes.js';
import type { JodoDisposition } from '../../src/elements/disposition/disposition.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoDispositionSavedEvent } from '../../src/events/jodo-disposition.js';
import { ENDPOINT, clearOutbox, control, requestCounts, setState, until } from '../helpers/browser-sandbox.js';

const DISPOSITIONS = [
  { id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }, { id: 2, name: 'Send details' }] },
  { id: 2, name: 'Not interested', reasons: [{ id: 3, name: 'Price' }, { id: 4, name: 'Has a provider' }] },
  { id: 3, name: 'Not reachable', reasons: [{ id: 5, name: 'Switched off' }, { id: 6, name: 'No answer' }] },
  { id: 9, name: 'Retired outcome', reasons: [{ id: 99, name: 'Gone from Jodo' }] },
];
const reader = new JodoClient({ endpoint: ENDPOINT, apikey: 'test_org', servicekey: 'VoiceProcess' });
const stateOf = async (login: string) => (await reader.userStatus({ loginids: [login] })).data.agents[0]!.state;

async function setup(login = 'user1', attributes = html``) {
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login=${login} poll-interval="300">
    <jodo-disposition dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-disposition>${attributes}
  </jodo-provider>`);
  const form = provider.querySelector('jodo-disposition')!;
  return { provider, form, $: <T extends Element>(selector: string) => form.shadowRoot!.querySelector<T>(selector)! };
}

/** Puts the agent in Wrapup through a real sandbox call and waits for the form to open itself. */
async function intoWrapup(provider: JodoProvider, form: JodoDisposition, login = 'user1', mobilenumber = '7507959484') {
  const call = await control('/sandbox/calls', { login, mobilenumber, servicekey: 'VoiceProcess' });
  provider.call = { mobilenumber, systemcallid: String(call['systemcallid']) };
  await provider.status.refresh();
  await until(() => form.open, 'the form opens itself in Wrapup');
  await form.updateComplete;
}

function choose(form: JodoDisposition, selector: string, value: string) {
  const select = form.shadowRoot!.querySelector<HTMLSelectElement>(selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

function type(form: JodoDisposition, selector: string, value: string) {
  const input = form.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Clicks save and waits for the outcome the agent would see: the form closed, or an error shown. */
async function submit(form: JodoDisposition) {
  form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
  await until(() => !form.open || !!form.shadowRoot!.querySelector('.error, .form-error'), 'the save has an outcome');
  await form.updateComplete;
}

const errorText = (form: JodoDisposition, field: string) => form.shadowRoot!.querySelector(`#${field}-error`)?.textContent?.trim() ?? '';
const formError = (form: JodoDisposition) => form.shadowRoot!.querySelector('.form-error')?.textContent?.trim() ?? '';
/** A callback time `days` ahead, as the datetime-local input takes it. */
const daysAhead = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe('<jodo-disposition>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });

  it('stays closed while the agent is Ready, and says so accessibly', async () => {
    const { form, $ } = await setup();
    expect(form.open).to.be.false;
    expect($('[part=opener]').textContent).to.contain('Wrap-up');
    await expect(form).to.be.accessible();
  });

  it('runs the whole cycle: call -> Wrapup opens the form -> saved -> agent Ready', async () => {
    const { provider, form, $ } = await setup();
    await intoWrapup(provider, form);
    expect($('.elapsed [aria-hidden=true]').textContent).to.match(/^\d+:\d\d$/);
    expect($('.elapsed .visually-hidden').textContent).to.match(/^in wrap-up for \d+ second/);
    expect(($('#contact') as HTMLInputElement).value).to.equal('7507959484', 'the contact defaults to the call');
    await expect(form).to.be.accessible();

    const saved: JodoDispositionSavedEvent['detail'][] = [];
    provider.addEventListener('jodo-disposition-saved', (e) => saved.push(e.detail));
    choose(form, '#outcome', '1:2');
    type(form, '#remarks', 'Sent the brochure');
    await submit(form);

    expect(saved).to.have.length(1);
    expect(saved[0]!.request).to.include({ login: 'user1', dispomasterid: 1, disporeasonid: 2, remarks: 'Sent the brochure', contactvalue: '7507959484' });
    expect(saved[0]!.request.systemcallid).to.equal(provider.systemcallid);
    expect(form.open).to.be.false;
    await until(() => form.shadowRoot!.activeElement?.getAttribute('part') === 'opener', 'focus back on the opener, not lost to the page');
    expect(await stateOf('user1')).to.equal(1);
    expect(form.shadowRoot!.textContent).to.contain('Wrap-up saved');
    await expect(form).to.be.accessible();
  });

  it('a cancelled submit event sends nothing and keeps the form', async () => {
    const { provider, form } = await setup();
    await intoWrapup(provider, form);
    let vetoed = 0;
    provider.addEventListener('jodo-disposition-submit', (e) => (vetoed++, e.preventDefault()));
    choose(form, '#outcome', '2:3');
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.click();
    await form.updateComplete;
    expect(vetoed).to.equal(1);
    expect((await requestCounts())['saveDisposition'] ?? 0).to.equal(0);
    expect(form.open).to.be.true;
    expect(await stateOf('user1')).to.equal(7);
  });

  it('checks the form before sending: nothing chosen, a bad number, a callback out of the window', async () => {
    const { provider, form, $ } = await setup();
    await intoWrapup(provider, form);
    type(form, '#contact', '12');
    type(form, '#callback', daysAhead(45));
    type(form, '#remarks', 'Keep this');
    await submit(form);
    expect(errorText(form, 'outcome')).to.contain('Choose an outcome');
    expect(errorText(form, 'contact')).to.contain('phone number');
    expect(errorText(form, 'callback')).to.contain('30 days');
    expect($('#outcome').getAttribute('aria-invalid')).to.equal('true');
    expect(form.shadowRoot!.activeElement?.id).to.equal('outcome');
    expect(($('#remarks') as HTMLTextAreaElement).value).to.equal('Keep this');
    expect((await requestCounts())['saveDisposition'] ?? 0).to.equal(0);
    await expect(form).to.be.accessible();
  });

  describe('every failure code is explained on its field, and nothing typed is lost', () => {
    const cases: { code: number; field: string; text: RegExp; arrange: (ctx: Awaited<ReturnType<typeof setup>>) => Promise<void> }[] = [
      { code: 6, field: 'form', text: /no longer has you in wrap-up/, arrange: async ({ provider }) => void (await setState('user1', 1), await provider.status.refresh()) },
      { code: 8, field: 'callback', text: /inside the callback window/, arrange: async ({ form }) => type(form, '#callback', daysAhead(40)) },
      { code: 31, field: 'outcome', text: /not set up for this process/, arrange: async ({ form }) => choose(form, '#outcome', '9:99') },
      { code: 32, field: 'contact', text: /do-not-call/, arrange: async ({ form }) => type(form, '#contact', '9999999999') },
      { code: 7, field: 'callback', text: /date and a time/, arrange: () => control('/sandbox/faults', { method: 'saveDisposition', status: 7 }).then(() => {}) },
      { code: 111, field: 'form', text: /could not save this just now/, arrange: () => control('/sandbox/faults', { method: 'saveDisposition', status: 111 }).then(() => {}) },
      { code: 421, field: 'form', text: /does not accept this process/, arrange: () => control('/sandbox/faults', { method: 'saveDisposition', status: 421 }).then(() => {}) },
    ];
    for (const { code, field, text, arrange } of cases) {
      it(`${code} on ${field}`, async () => {
        const ctx = await setup('user1', html``);
        ctx.form.setAttribute('callback-window-days', '60');
        await intoWrapup(ctx.provider, ctx.form);
        choose(ctx.form, '#outcome', '1:1');
        type(ctx.form, '#remarks', `Notes for ${code}`);
        await arrange(ctx);
        await submit(ctx.form);
        const shown = field === 'form' ? formError(ctx.form) : errorText(ctx.form, field);
        expect(shown).to.match(text);
        expect((ctx.$('#remarks') as HTMLTextAreaElement).value).to.equal(`Notes for ${code}`);
        expect(ctx.form.open).to.be.true;
        await expect(ctx.form).to.be.accessible();
      });
    }

    it('4 when Jodo does not know the login', async () => {
      const { form, $ } = await setup('ghost@avhan.com');
      ($('[part=opener]') as HTMLButtonElement).click();
      await form.updateComplete;
      choose(form, '#outcome', '1:1');
      type(form, '#contact', '7507959484');
      await submit(form);
      expect(formError(form)).to.match(/does not know your login/);
    });

    it('33 after the process\'s callbacks for one contact are used up', async () => {
      const { provider, form } = await setup();
      form.setAttribute('callback-window-days', '30');
      for (let i = 0; i < 4; i++) {
        await intoWrapup(provider, form);
        choose(form, '#outcome', '1:1');
        type(form, '#callback', daysAhead(2));
        type(form, '#remarks', `Callback ${i}`);
        await submit(form);
        if (i === 3) break;
        // Saved: the agent is Ready. The toolbar sees that before the next call, or it would never see the agent enter Wrapup again.
        await until(async () => (await provider.status.refresh(), provider.status.snapshot('user1')?.agent?.state === AgentStates.Ready), 'the toolbar sees the agent Ready after the save');
      }
      expect(errorText(form, 'callback')).to.match(/most callbacks allowed/);
      expect(form.shadowRoot!.querySelector<HTMLTextAreaElement>('#remarks')!.value).to.equal('Callback 3');
    });
  });

  it('is keyboard operable: the opener, the fields in order, Escape to close', async () => {
    const { form, $ } = await setup();
    ($('[part=opener]') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => form.open, 'opened from the keyboard');
    await form.updateComplete;
    expect(form.shadowRoot!.activeElement?.id).to.equal('outcome');
    await sendKeys({ press: 'Tab' });
    expect(form.shadowRoot!.activeElement?.id).to.equal('remarks');
    await sendKeys({ press: 'Escape' });
    await until(() => !form.open, 'closed with Escape');
    await form.updateComplete;
    expect(form.shadowRoot!.activeElement?.getAttribute('part')).to.equal('opener');
  });

  it('says when the outcomes are not given at all', async () => {
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1">
      <jodo-disposition open></jodo-disposition></jodo-provider>`);
    const form = provider.querySelector('jodo-disposition')!;
    await form.updateComplete;
    expect(form.shadowRoot!.textContent).to.contain('outcomes are not set');
    expect(form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.disabled).to.be.true;
  });

  it('starts afresh when another agent signs in', async () => {
    const { provider, form } = await setup();
    form.open = true;
    await form.updateComplete;
    type(form, '#remarks', 'notes of user1');
    provider.login = 'user10';
    await provider.updateComplete;
    await form.updateComplete;
    form.open = true;
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector<HTMLTextAreaElement>('#remarks')!.value).to.equal('');
  });

  it('says when the outcomes are missing or not JSON', async () => {
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1">
      <jodo-disposition open dispositions="not json"></jodo-disposition></jodo-provider>`);
    const form = provider.querySelector('jodo-disposition')!;
    await form.updateComplete;
    expect(form.shadowRoot!.textContent).to.contain('outcomes are not set');
    expect(form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit]')!.disabled).to.be.true;
    await expect(form).to.be.accessible();
  });
});
