/**
 * The demo CRM page: a customer list and record view (plain page code) with
 * the Jodo toolbar docked below, all against the sandbox on this origin.
 */
import '../src/define/jodo-toolbar.js';
import '../src/define/jodo-click-to-call.js';
import { JodoClient, isJodoError, type CustomerRecord } from '../src/index.js';
import type { JodoProvider } from '../src/elements/provider/provider.js';
import { DISPOSITIONS, SERVICEKEY, signIn } from './demo-crm.js';
import { wireLanguageSwitch, wireThemeSwitch } from './page-switches.js';

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const provider = $<JodoProvider>('#jodo');
const toolbar = provider.querySelector('jodo-toolbar')!;
const customers = $<HTMLTableSectionElement>('#customers tbody');
const customersStatus = $<HTMLParagraphElement>('#customers-status');
const record = $<HTMLDListElement>('#record');
const lead = $<HTMLFormElement>('#lead');
wireThemeSwitch($<HTMLSelectElement>('#theme'));
wireLanguageSwitch($<HTMLSelectElement>('#language'));
const leadStatus = $<HTMLParagraphElement>('#lead-status');

toolbar.dispositions = DISPOSITIONS;
// One client for the page and the toolbar, talking to the gateway: no key in this page.
const client = new JodoClient({ endpoint: provider.endpoint, servicekey: SERVICEKEY });
provider.client = client;
const crm = () => client;

await signIn(provider);

function showRecord(fields: CustomerRecord | undefined): void {
  if (!fields) return;
  record.replaceChildren(
    ...Object.entries(fields).flatMap(([key, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = key;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
  for (const row of customers.rows) row.setAttribute('aria-current', String(row.dataset['mobile'] === fields['mobilenumber']));
}

let shown: CustomerRecord[] = [];

async function loadCustomers(): Promise<void> {
  try {
    const { data } = await crm().getProcessData({ searchparam: 'daterange', fromdate: '2000-01-01 00:00:00', todate: '2099-12-31 23:59:59' });
    shown = data.records;
    customersStatus.textContent = `${shown.length} customers in ${SERVICEKEY}`;
  } catch (error) {
    shown = [];
    customersStatus.textContent = isJodoError(error) ? error.message : String(error);
  }
  customers.replaceChildren(
    ...shown.map((fields) => {
      const row = customers.insertRow();
      row.dataset['mobile'] = fields['mobilenumber'] ?? '';
      row.insertCell().textContent = fields['name'] ?? fields['fname'] ?? '(no name)';
      // The number is a call: Jodo dials it and rings this agent (while Ready).
      const number = document.createElement('jodo-click-to-call');
      number.textContent = fields['mobilenumber'] ?? '';
      if (fields['name']) number.setAttribute('name', fields['name']);
      row.insertCell().append(number);
      row.insertCell().textContent = fields['storedatetime'] ?? '';
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = 'Open';
      open.setAttribute('aria-label', `Open ${fields['name'] ?? fields['mobilenumber'] ?? 'customer'}`);
      open.addEventListener('click', () => showRecord(fields));
      row.insertCell().append(open);
      return row;
    }),
  );
}

const refreshCall = window.jodoDemoWireCalls(provider, (call) => {
  const customer = call['customer'] as CustomerRecord | null;
  if (customer) showRecord(Object.fromEntries(Object.entries(customer).map(([k, v]) => [k, String(v)])));
});

lead.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(lead);
  leadStatus.className = '';
  try {
    await crm().importProcessData({
      media: 'Voice Out',
      updateparam: 'mobilenumber',
      data: [{ name: String(form.get('name')), mobilenumber: String(form.get('mobilenumber')), userlogin: provider.login }],
    });
    leadStatus.textContent = `Queued: the dialer rings ${provider.login} when Ready.`;
    await loadCustomers();
  } catch (error) {
    leadStatus.className = 'error';
    leadStatus.textContent = isJodoError(error) ? error.message : String(error);
  }
});

$<HTMLButtonElement>('#instant-call').addEventListener('click', async () => {
  try {
    const response = await fetch('/sandbox/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: provider.login, mobilenumber: String(new FormData(lead).get('mobilenumber')), servicekey: SERVICEKEY }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    leadStatus.className = response.ok ? '' : 'error';
    leadStatus.textContent = response.ok ? `Call ${body['systemcallid']} finished: ${provider.login} is in Wrapup.` : String(body['error']);
    await provider.status.refresh();
  } catch {
    leadStatus.className = 'error';
    leadStatus.textContent = 'The sandbox did not answer: is npm start still running?';
  }
});

provider.addEventListener('jodo-disposition-saved', () => void loadCustomers());
provider.addEventListener('jodo-customer-saved', () => void loadCustomers());

void loadCustomers();
void refreshCall();
