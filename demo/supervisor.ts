/**
 * The demo's supervisor page: the team board (the signed-in supervisor's
 * team, from the gateway's session) with reallocation, a form that schedules
 * a call for an agent of the team, and the customer list.
 */
import '../src/define/index.js';
import { JodoClient, formatJodoDateTime, isJodoError, type CustomerRecord } from '../src/index.js';
import type { JodoProvider } from '../src/elements/provider/provider.js';
import { toLocalInput, fromLocalInput } from '../src/format/datetime-local.js';
import { SERVICEKEY, signIn } from './demo-crm.js';
import { wireLanguageSwitch, wireThemeSwitch } from './page-switches.js';

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const provider = $<JodoProvider>('#jodo');
const board = $<HTMLElementTagNameMap['jodo-team-board']>('#board');
const customers = $<HTMLTableSectionElement>('#customers tbody');
const customersStatus = $<HTMLParagraphElement>('#customers-status');
const schedule = $<HTMLFormElement>('#schedule');
const scheduleStatus = $<HTMLParagraphElement>('#schedule-status');
wireThemeSwitch($<HTMLSelectElement>('#theme'));
wireLanguageSwitch($<HTMLSelectElement>('#language'));

const client = new JodoClient({ endpoint: provider.endpoint, servicekey: SERVICEKEY });
provider.client = client;

const me = await signIn(provider);

const team = me.team ?? [];
$<HTMLSelectElement>('#schedule-agent').replaceChildren(...team.map((login) => new Option(login, login)));
if (team.length === 0) $<HTMLParagraphElement>('#board-status').textContent = `${me.login} has no team: sign in as user10 to see one.`;
schedule.querySelector<HTMLInputElement>('[name=when]')!.value = toLocalInput(new Date(Date.now() + 3_600_000));

async function loadCustomers(): Promise<void> {
  let shown: CustomerRecord[] = [];
  try {
    const { data } = await client.getProcessData({ searchparam: 'daterange', fromdate: '2000-01-01 00:00:00', todate: '2099-12-31 23:59:59' });
    shown = data.records;
    customersStatus.textContent = `${shown.length} customers in ${SERVICEKEY}`;
  } catch (error) {
    customersStatus.textContent = isJodoError(error) ? error.message : String(error);
  }
  customers.replaceChildren(
    ...shown.map((fields) => {
      const row = customers.insertRow();
      row.insertCell().textContent = fields['name'] ?? fields['fname'] ?? '(no name)';
      row.insertCell().textContent = fields['mobilenumber'] ?? '';
      row.insertCell().textContent = fields['storedatetime'] ?? '';
      return row;
    }),
  );
}

schedule.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(schedule);
  scheduleStatus.className = '';
  const agent = String(form.get('agent') ?? '');
  const when = fromLocalInput(String(form.get('when')));
  try {
    await client.importProcessData({
      media: 'Voice Out',
      updateparam: 'mobilenumber',
      data: [{ name: String(form.get('name')), mobilenumber: String(form.get('mobilenumber')), userlogin: agent, callDateTime: when }],
    });
    scheduleStatus.textContent = `Scheduled: the dialer rings ${agent} at ${when}.`;
    await loadCustomers();
  } catch (error) {
    scheduleStatus.className = 'error';
    scheduleStatus.textContent = isJodoError(error) ? error.message : String(error);
  }
});

board.addEventListener('jodo-reallocated', (event) => {
  $<HTMLParagraphElement>('#board-status').textContent = `${event.detail.contactnumber} moved from ${event.detail.from} to ${event.detail.to} (${formatJodoDateTime(new Date())}).`;
});

void loadCustomers();
