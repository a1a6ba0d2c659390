/**
 * The demo's reminders page: `<jodo-messenger>` sending to the sandbox's
 * messenger process Reminders, three customers already pasted.
 */
import '../src/define/index.js';
import type { JodoProvider } from '../src/elements/provider/provider.js';
import { signIn } from './demo-crm.js';
import { wireLanguageSwitch, wireThemeSwitch } from './page-switches.js';

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const provider = $<JodoProvider>('#jodo');
const messenger = $<HTMLElementTagNameMap['jodo-messenger']>('#messenger');
wireThemeSwitch($<HTMLSelectElement>('#theme'));
wireLanguageSwitch($<HTMLSelectElement>('#language'));

/** Three customers of the day, as a CRM's export would give them (a quoted name with a comma among them). */
const CUSTOMERS = 'name,mobilenumber,appointment\nAsha Verma,9811122201,10:30\nRavi Kumar,9811122202,11:00\n"Meera Nair, Dr",9811122203,11:30\n';

const me = await signIn(provider);
messenger.csv = CUSTOMERS;
if (me.role === 'agent') $<HTMLParagraphElement>('#messenger-status').textContent = `${me.login} is an agent: the gateway refuses agents the Reminders process. Sign in as user10.`;
messenger.addEventListener('jodo-messenger-sent', (event) => {
  $<HTMLParagraphElement>('#messenger-status').textContent = `Jodo has all ${event.detail.leads} reminders.`;
});
