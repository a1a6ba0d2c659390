import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-call-guide.js';
import { JodoClient } from '../../src/api/client.js';
import type { JodoCallGuide } from '../../src/elements/call-guide/call-guide.js';
import { fillScript, parseTemplate } from '../../src/elements/call-guide/template.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoCustomerSavedEvent } from '../../src/events/jodo-customer-saved.js';
import { ENDPOINT, clearOutbox, control, requestCounts, shadowText, until } from '../helpers/browser-sandbox.js';

const FIXTURE_MOBILE = '7507959484';
/** A client of its own, to check what the guide stored (and to seed customers). */
const jodo = new JodoClient({ endpoint: ENDPOINT, apikey: 'test_org', servicekey: 'VoiceProcess' });

async function toolbar(guide: TemplateResult = html`<jodo-call-guide></jodo-call-guide>`, call: Record<string, string> = {}) {
  const provider = await fixture<JodoProvider>(
    html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1">${guide}</jodo-provider>`,
  );
  provider.call = call;
  const el = provider.querySelector('jodo-call-guide')!;
  await el.updateComplete;
  return { provider, el };
}

const $ = <T extends Element = HTMLElement>(el: JodoCallGuide, selector: string) => el.shadowRoot!.querySelector<T & HTMLElement>(selector);

/** The input labelled `label` (through its `<label for>`). */
function input(el: JodoCallGuide, label: string): HTMLInputElement {
  const found = [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.replace(/\(read-only\)/, '').trim() === label);
  if (!found) throw new Error(`no field labelled ${label}: ${shadowText(el)}`);
  return el.shadowRoot!.getElementById(found.htmlFor) as HTMLInputElement;
}

async function type(el: JodoCallGuide, label: string, value: string, { leave = true } = {}) {
  const field = input(el, label);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  if (leave) field.dispatchEvent(new Event('blur'));
  await el.updateComplete;
  return field;
}

async function save(el: JodoCallGuide) {
  $<HTMLButtonElement>(el, '[part=save]')!.click();
  await el.updateComplete;
}

const found = (el: JodoCallGuide, name: string) => until(() => $(el, 'h2')?.textContent?.trim() === name, `customer ${name} shown (${shadowText(el)})`, 8000);
const notice = (el: JodoCallGuide) => $(el, '.notice')?.textContent?.trim() ?? '';

describe('<jodo-call-guide>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
  });

  it('pops the fixture customer by the call mobile number', async () => {
    const { el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Tanmay K');
    expect(shadowText(el)).to.contain(`Found by mobile number ${FIXTURE_MOBILE}`);
    expect(input(el, 'Name').value).to.equal('Tanmay K');
    expect(input(el, 'Name').readOnly).to.be.false;
    expect(input(el, 'Mobile number').value).to.equal(FIXTURE_MOBILE);
    expect(input(el, 'Mobile number').readOnly, 'the search field is never editable').to.be.true;
    // The record's other fields follow, read-only, labelled from their keys.
    expect(input(el, 'Lead number').value).to.equal('1');
    expect(input(el, 'Lead number').readOnly).to.be.true;
    expect(el.record?.['name']).to.equal('Tanmay K');
    await expect(el).to.be.accessible();
  });

  it('pops by customer code (before the mobile number) after one is created, and follows the call', async () => {
    await jodo.importProcessData({ media: 11, updateparam: 'customercode', data: [{ customercode: 'C-100', name: 'Asha Rao', mobilenumber: '9820000001' }] });
    const { provider, el } = await toolbar(undefined, { customercode: 'C-100', mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Asha Rao');
    expect(shadowText(el)).to.contain('Found by customer code C-100');
    expect(input(el, 'Customer code').readOnly).to.be.true;
    expect(input(el, 'Mobile number').readOnly).to.be.false;
    provider.call = { mobilenumber: FIXTURE_MOBILE };
    await found(el, 'Tanmay K');
    provider.call = {};
    await until(() => shadowText(el).includes('No call yet'), 'no call again');
  });

  it("uses its own lookup attributes over the provider's call", async () => {
    const { el } = await toolbar(html`<jodo-call-guide mobilenumber=${FIXTURE_MOBILE}></jodo-call-guide>`, { mobilenumber: '9999999999' });
    await found(el, 'Tanmay K');
  });

  it('says what is missing in each state, accessibly', async () => {
    const alone = await fixture<JodoCallGuide>(html`<jodo-call-guide></jodo-call-guide>`);
    expect(shadowText(alone)).to.contain('not connected');
    await expect(alone).to.be.accessible();

    const noEndpoint = await fixture<JodoProvider>(html`<jodo-provider login="user1"><jodo-call-guide></jodo-call-guide></jodo-provider>`);
    expect(shadowText(noEndpoint.querySelector('jodo-call-guide')!)).to.contain('no endpoint');

    const { provider, el } = await toolbar();
    expect(shadowText(el)).to.contain('No call yet: the customer appears here when a call connects');
    await expect(el).to.be.accessible();

    await control('/sandbox/faults', { method: 'getProcessData', delayMs: 1500 });
    provider.call = { mobilenumber: FIXTURE_MOBILE };
    await until(() => shadowText(el).includes(`Looking up the customer by mobile number ${FIXTURE_MOBILE}`), 'loading');
    expect($(el, '[part=base]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await found(el, 'Tanmay K');
    await expect(el).to.be.accessible();
  });

  it('saves edits with ImportProcessData on the same search field', async () => {
    const { provider, el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Tanmay K');
    const events: JodoCustomerSavedEvent['detail'][] = [];
    provider.addEventListener('jodo-customer-saved', (e) => events.push(e.detail));
    await type(el, 'Name', 'Tanmay Kulkarni');
    await type(el, 'Email', 'tanmay@example.com');
    const before = (await requestCounts())['ImportProcessData'] ?? 0;
    await save(el);
    await until(() => notice(el) === 'Saved.', 'saved');
    expect($(el, '[role=status].notice')).to.exist;
    expect(events).to.deep.equal([{ record: { name: 'Tanmay Kulkarni', emailid: 'tanmay@example.com', mobilenumber: FIXTURE_MOBILE }, created: false }]);
    expect((await requestCounts())['ImportProcessData']).to.equal(before + 1);
    expect($(el, 'h2')!.textContent!.trim()).to.equal('Tanmay Kulkarni');

    const { data } = await jodo.getProcessData({ searchparam: 'mobilenumber', mobilenumber: FIXTURE_MOBILE });
    expect(data.records).to.have.length(1, 'upserted, not added');
    expect(data.records[0]).to.include({ name: 'Tanmay Kulkarni', emailid: 'tanmay@example.com', leadnumber: '1' });

    // Nothing changed since: nothing is sent.
    await save(el);
    expect(notice(el)).to.equal('No changes to save.');
    expect((await requestCounts())['ImportProcessData']).to.equal(before + 1);
    await expect(el).to.be.accessible();
  });

  it('offers to create a customer Jodo does not know, then shows it', async () => {
    const { provider, el } = await toolbar(undefined, { mobilenumber: '9123456780' });
    await until(() => shadowText(el).includes('No customer found for 9123456780'), 'not found');
    expect(input(el, 'Mobile number').value, 'prefilled with the number searched').to.equal('9123456780');
    expect(input(el, 'Name').value).to.equal('');
    expect($(el, '[part=save]')!.textContent!.trim()).to.equal('Create customer');
    await expect(el).to.be.accessible();

    const events: JodoCustomerSavedEvent['detail'][] = [];
    provider.addEventListener('jodo-customer-saved', (e) => events.push(e.detail));
    await type(el, 'Name', 'Meera Iyer');
    await type(el, 'Customer code', 'C-777');
    await save(el);
    await found(el, 'Meera Iyer');
    expect(notice(el)).to.equal('Customer created.');
    expect(events).to.deep.equal([{ record: { name: 'Meera Iyer', customercode: 'C-777', mobilenumber: '9123456780' }, created: true }]);
    expect($(el, '[part=save]')!.textContent!.trim()).to.equal('Save changes');
    const { data } = await jodo.getProcessData({ searchparam: 'customercode', customercode: 'C-777' });
    expect(data.records[0]).to.include({ name: 'Meera Iyer', mobilenumber: '9123456780' });

    // A second save updates the customer it created.
    await type(el, 'Name', 'Meera S Iyer');
    await save(el);
    await until(() => events.length === 2, 'second save');
    expect(events[1]!.created).to.be.false;
    await expect(el).to.be.accessible();
  });

  it('shows a bad mobile number on its input, only once touched and changed, keeping what was typed', async () => {
    await jodo.importProcessData({ media: 11, updateparam: 'customercode', data: [{ customercode: 'C-200', name: 'Ravi', mobilenumber: '9820000002' }] });
    const { el } = await toolbar(undefined, { customercode: 'C-200' });
    await found(el, 'Ravi');
    const mobile = await type(el, 'Mobile number', '98-bad', { leave: false });
    expect(mobile.getAttribute('aria-invalid'), 'no error while still typing in a fresh field').to.be.null;
    mobile.dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(mobile.getAttribute('aria-invalid')).to.equal('true');
    const message = el.shadowRoot!.getElementById(mobile.getAttribute('aria-describedby')!)!;
    expect(message.textContent).to.contain('Mobile number must be a contact number of 3 to 16 digits');
    await expect(el).to.be.accessible();

    await type(el, 'Name', 'Ravi Kumar');
    const before = (await requestCounts())['ImportProcessData'] ?? 0;
    await save(el);
    expect((await requestCounts())['ImportProcessData'] ?? 0, 'an invalid record is never sent').to.equal(before);
    expect(input(el, 'Mobile number').value).to.equal('98-bad');
    expect(input(el, 'Name').value).to.equal('Ravi Kumar');

    // Fixed, the message goes and the save goes through.
    await type(el, 'Mobile number', '9820000003');
    expect(input(el, 'Mobile number').getAttribute('aria-invalid')).to.be.null;
    await save(el);
    await until(() => notice(el) === 'Saved.', 'saved');
    const { data } = await jodo.getProcessData({ searchparam: 'customercode', customercode: 'C-200' });
    expect(data.records[0]).to.include({ name: 'Ravi Kumar', mobilenumber: '9820000003' });
  });

  it('shows every error only after a submit, when fields were not left', async () => {
    await jodo.importProcessData({ media: 11, updateparam: 'customercode', data: [{ customercode: 'C-201', name: 'Anu', mobilenumber: '9820000004' }] });
    const { el } = await toolbar(undefined, { customercode: 'C-201' });
    await found(el, 'Anu');
    const mobile = await type(el, 'Mobile number', 'x', { leave: false });
    expect(mobile.getAttribute('aria-invalid')).to.be.null;
    await save(el);
    expect(mobile.getAttribute('aria-invalid')).to.equal('true');
  });

  it('reports a refused request on the form, keeping what was typed', async () => {
    const { el } = await toolbar(html`<jodo-call-guide media="carrier pigeon"></jodo-call-guide>`, { mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Tanmay K');
    await type(el, 'Name', 'Tanmay X');
    await save(el);
    await until(() => !!$(el, '.form-error'), 'form error');
    expect($(el, '.form-error')!.textContent).to.contain('media').and.to.contain('Check the media attribute');
    expect(input(el, 'Name').value).to.equal('Tanmay X');
    await expect(el).to.be.accessible();
  });

  it('keeps a save Jodo did not answer in the outbox, says so, and sends it once Jodo is back', async () => {
    const { provider, el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Tanmay K');
    const events: JodoCustomerSavedEvent['detail'][] = [];
    el.addEventListener('jodo-customer-saved', (e) => events.push(e.detail));
    await type(el, 'Name', 'Tanmay Retry');
    await control('/sandbox/faults', { method: 'ImportProcessData', http: 503 });
    await save(el);
    await until(() => notice(el).includes('kept on this computer'), `queued notice (${notice(el)})`);
    expect($(el, '.form-error')).to.be.null;
    expect(input(el, 'Name').value).to.equal('Tanmay Retry');
    expect(provider.outbox.entries.map((e) => e.state)).to.deep.equal(['queued']);
    expect(events, 'not saved yet').to.deep.equal([]);
    await expect(el).to.be.accessible();
    await provider.outbox.flush();
    await until(() => provider.outbox.entries.length === 0, 'sent');
    expect(events).to.deep.equal([{ record: { name: 'Tanmay Retry', mobilenumber: FIXTURE_MOBILE }, created: false }]);
    const { data } = await jodo.getProcessData({ searchparam: 'mobilenumber', mobilenumber: FIXTURE_MOBILE });
    expect(data.records[0]?.['name']).to.equal('Tanmay Retry');
  });

  it('renders customer data and script placeholders containing HTML as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    await jodo.importProcessData({ media: 11, updateparam: 'customercode', data: [{ customercode: 'X-1', name: evil, remark: '<script>alert(2)</script>' }] });
    const script = 'Hello {{name}}, <b>{{remark}}</b> {{unknown}} {{constructor}}';
    const { el } = await toolbar(html`<jodo-call-guide script=${script}></jodo-call-guide>`, { customercode: 'X-1' });
    await found(el, evil);
    const root = el.shadowRoot!;
    expect(root.querySelector('img')).to.be.null;
    expect(root.querySelector('script')).to.be.null;
    expect(root.querySelector('b')).to.be.null;
    const text = $(el, '[part=script]')!.textContent!;
    expect(text).to.equal(`Hello ${evil}, <b><script>alert(2)</script></b> [unknown] [constructor]`);
    expect(input(el, 'Name').value).to.equal(evil);
    expect(input(el, 'Remark').value).to.equal('<script>alert(2)</script>');

    // The script follows the edited values, still as text.
    await type(el, 'Name', '<img src=y onerror=alert(3)>');
    expect($(el, '[part=script]')!.textContent).to.contain('Hello <img src=y onerror=alert(3)>,');
    expect(root.querySelector('img')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('shows a failed lookup with Try again, which works', async () => {
    await control('/sandbox/faults', { method: 'getProcessData', http: 503, times: 5 });
    const { el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    await until(() => shadowText(el).includes("Couldn't look up the customer"), 'lookup error', 8000);
    expect(shadowText(el), 'said as every element says it, with no HTTP code').to.contain('Jodo is unavailable right now.').and.not.to.contain('HTTP 503');
    expect($(el, '[role=alert]')).to.exist;
    await expect(el).to.be.accessible();
    // The client retried twice; two faults are left, which the next lookup's retries get past.
    $<HTMLButtonElement>(el, '[part=retry]')!.click();
    await found(el, 'Tanmay K');
  });

  it('renders a template given by attribute or property, and refuses bad JSON', async () => {
    const template = JSON.stringify([
      { key: 'name', label: 'Customer name', editable: true },
      { key: 'notes', label: 'Notes', type: 'textarea', editable: true },
      { key: 'leadnumber', label: 'Lead' },
    ]);
    const { el } = await toolbar(html`<jodo-call-guide template=${template}></jodo-call-guide>`, { mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Tanmay K');
    expect(input(el, 'Customer name').value).to.equal('Tanmay K');
    expect(input(el, 'Notes').tagName).to.equal('TEXTAREA');
    expect(input(el, 'Lead').readOnly).to.be.true;
    expect(el.shadowRoot!.querySelectorAll('label')).to.have.length(3, 'only the template fields');
    await type(el, 'Notes', 'Call back after 6');
    await save(el);
    await until(() => notice(el) === 'Saved.', 'saved');
    const { data } = await jodo.getProcessData({ searchparam: 'mobilenumber', mobilenumber: FIXTURE_MOBILE });
    expect(data.records[0]!['notes']).to.equal('Call back after 6');

    el.template = [{ key: 'mobilenumber', label: 'Phone', type: 'tel', editable: true }];
    await el.updateComplete;
    expect(input(el, 'Phone').readOnly, 'the search field stays read-only').to.be.true;

    const bad = await toolbar(html`<jodo-call-guide template="[{key: name}]"></jodo-call-guide>`, { mobilenumber: FIXTURE_MOBILE });
    expect(shadowText(bad.el)).to.contain('The template attribute is not valid JSON');
    await expect(bad.el).to.be.accessible();
  });

  it('fits a 360 px wide toolbar without scrolling sideways', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div style="width: 360px">
      <jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" mobilenumber=${FIXTURE_MOBILE}>
        <jodo-call-guide script="Good morning {{name}}, I am calling about your policy {{crmuniquefield}}."></jodo-call-guide>
      </jodo-provider>
    </div>`);
    const el = wrapper.querySelector('jodo-call-guide')!;
    await found(el, 'Tanmay K');
    const base = $(el, '[part=base]')!;
    expect(el.getBoundingClientRect().width).to.be.at.most(360);
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    for (const field of el.shadowRoot!.querySelectorAll('input')) {
      expect(field.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
    }
  });

  it('undoes unsaved changes', async () => {
    const { el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    await found(el, 'Tanmay K');
    const undo = $<HTMLButtonElement>(el, '[part=undo]')!;
    expect(undo.disabled).to.be.true;
    await type(el, 'Name', 'Someone else');
    expect(undo.disabled).to.be.false;
    undo.click();
    await el.updateComplete;
    expect(input(el, 'Name').value).to.equal('Tanmay K');
  });

  it('leaves no requests behind after removal', async () => {
    await control('/sandbox/faults', { method: 'getProcessData', http: 503, times: 5 });
    const { el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    await until(async () => ((await requestCounts())['getProcessData'] ?? 0) >= 1, 'first attempt');
    el.remove();
    const atRemoval = (await requestCounts())['getProcessData'];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await requestCounts())['getProcessData'], 'retries stopped with the element').to.equal(atRemoval);
    expect(atRemoval).to.be.lessThan(3);
  });

  it('looks up again when put back after a removal cut its lookup short', async () => {
    await control('/sandbox/faults', { method: 'getProcessData', delayMs: 800 });
    const { provider, el } = await toolbar(undefined, { mobilenumber: FIXTURE_MOBILE });
    el.remove();
    provider.append(el);
    await found(el, 'Tanmay K');
  });
});

describe('call guide template helpers', () => {
  it('fills placeholders as parts, marking unknown and empty ones', () => {
    expect(fillScript('Hi {{ name }}, {{city}}{{email}}.', { name: 'A', email: '' })).to.deep.equal([
      { kind: 'text', text: 'Hi ' },
      { kind: 'value', key: 'name', text: 'A' },
      { kind: 'text', text: ', ' },
      { kind: 'missing', key: 'city', text: '[city]' },
      { kind: 'missing', key: 'email', text: '[email]' },
      { kind: 'text', text: '.' },
    ]);
    expect(fillScript('{{__proto__}} {{toString}}', {})).to.deep.equal([
      { kind: 'missing', key: '__proto__', text: '[__proto__]' },
      { kind: 'text', text: ' ' },
      { kind: 'missing', key: 'toString', text: '[toString]' },
    ]);
  });

  it('reads a template attribute and says what is wrong with it', () => {
    expect(parseTemplate('[{"key":"city_name"}]')).to.deep.equal({ ok: true, template: [{ key: 'city_name', label: 'City name' }] });
    expect(parseTemplate('{').ok).to.be.false;
    expect(parseTemplate('[{"key":"a","type":"colour"}]')).to.include({ ok: false });
  });
});
