import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { press } from '../helpers/keys.js';
import '../../src/define/index.js';
import { formatJodoDateTime } from '../../src/api/rules.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoTeamBoard } from '../../src/elements/team-board/team-board.js';
import type { JodoReallocateEvent, JodoReallocatedEvent } from '../../src/events/jodo-reallocate.js';
import { ENDPOINT, control, requestCounts, setState, shadowText, until } from '../helpers/browser-sandbox.js';

const POLL = 300;
const AGENTS = ['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k', 'user1'];

async function board(attributes = html``, logins = AGENTS.join(', ')) {
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user10" poll-interval=${POLL}>
    <jodo-team-board logins=${logins} reallocate thresholds='{"Wrapup": 2, "Hold": 120}'></jodo-team-board>${attributes}
  </jodo-provider>`);
  const element = provider.querySelector('jodo-team-board')!;
  await until(() => element.rows.length > 0 && element.rows.every((row) => typeof row.state === 'number' || row.state === 'missing'), 'every agent known');
  await element.updateComplete;
  return { provider, element };
}

const shadow = (element: JodoTeamBoard) => element.shadowRoot!;
const gridRows = (element: JodoTeamBoard) => [...shadow(element).querySelectorAll<HTMLElement>('.rows [role=row]')];
const rowOf = (element: JodoTeamBoard, login: string) => gridRows(element).find((row) => row.querySelector('.login')?.textContent === login);
/** Opens the reallocation dialog from an agent's row. */
async function openReallocation(element: JodoTeamBoard, from = 'user1'): Promise<HTMLDialogElement> {
  rowOf(element, from)!.querySelector('button')!.click();
  await element.updateComplete;
  const dialog = shadow(element).querySelector('dialog')!;
  await until(() => dialog.open, 'the dialog opens');
  return dialog;
}

/** Sets a field of the dialog as the supervisor would (the field as rendered now: each step renders its own). */
function fill(dialog: HTMLDialogElement, id: string, value: string): void {
  const field = dialog.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
  field.value = value;
  field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
}

/** The form's Review button, and the render that follows. */
async function review(element: JodoTeamBoard, dialog: HTMLDialogElement): Promise<void> {
  dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await element.updateComplete;
}

const stateText = (element: JodoTeamBoard, login: string) => rowOf(element, login)?.querySelector('[part=state]')?.textContent?.trim();

describe('<jodo-team-board>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await control('/sandbox/dialer', { running: false });
  });

  it('shows each agent of the team live, with counts per state, from one userStatus request per poll', async () => {
    await setState('tanmay.k', 5);
    await setState('user1', 7);
    const { provider, element } = await board();
    await until(() => stateText(element, 'tanmay.k') === 'Talking' && stateText(element, 'user1') === 'Wrapup', 'the states from the sandbox');
    expect(stateText(element, 'dinesh.s@avhan.com')).to.equal('Ready');
    const counts = shadow(element).querySelector('[part=counts]')!.textContent!.replace(/\s+/g, ' ');
    expect(counts).to.contain('All agents 4').and.contain('Ready 2').and.contain('Talking 1').and.contain('Wrapup 1');

    // One request per poll for the whole team: four agents, yet about one request per interval.
    const before = (await requestCounts())['userStatus'] ?? 0;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 6 * POLL));
    const after = (await requestCounts())['userStatus'] ?? 0;
    const intervals = (performance.now() - started) / POLL;
    expect(after - before).to.be.within(1, Math.ceil(intervals) + 1);
    expect(provider.status.polls).to.be.above(0);

    await setState('tanmay.k', 1);
    await until(() => stateText(element, 'tanmay.k') === 'Ready', 'a change shows on the next poll');
    await expect(element).to.be.accessible();
  });

  it('marks a time past its state threshold, with words as well as colour', async () => {
    await setState('user1', 7);
    const { element } = await board();
    await until(() => rowOf(element, 'user1')?.classList.contains('is-over') === true, 'Wrapup past 2 s', 6000);
    const over = rowOf(element, 'user1')!.querySelector('[part=over]')!;
    expect(over.textContent).to.match(/Over\s+the limit of 2 seconds/);
    expect(rowOf(element, 'dinesh.s@avhan.com')!.classList.contains('is-over')).to.equal(false);
    expect(shadow(element).querySelector('.over-count')!.textContent).to.contain('1 past their limit');
  });

  it('sorts by name, state and time, and filters by state and by name', async () => {
    await setState('rupesh.v@avhan.com', 6);
    await setState('user1', 5);
    const { element } = await board();
    await until(() => stateText(element, 'user1') === 'Talking', 'Talking');
    const logins = () => gridRows(element).map((row) => row.querySelector('.login')!.textContent);
    expect(logins()).to.deep.equal(['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k', 'user1']);

    const header = (name: string) => [...shadow(element).querySelectorAll<HTMLElement>('[role=columnheader]')].find((h) => h.textContent!.includes(name))!;
    header('State').querySelector('button')!.click();
    await element.updateComplete;
    expect(logins()).to.deep.equal(['dinesh.s@avhan.com', 'tanmay.k', 'user1', 'rupesh.v@avhan.com']); // Ready (1), Talking (5), Hold (6)
    expect(header('State').getAttribute('aria-sort')).to.equal('ascending');
    header('State').querySelector('button')!.click();
    await element.updateComplete;
    expect(header('State').getAttribute('aria-sort')).to.equal('descending');
    expect(logins()[0]).to.equal('rupesh.v@avhan.com');

    const countButton = (label: string) => [...shadow(element).querySelectorAll<HTMLButtonElement>('[part=counts] button')].find((b) => b.textContent!.includes(label))!;
    countButton('Ready').click();
    await element.updateComplete;
    expect(logins()).to.have.members(['dinesh.s@avhan.com', 'tanmay.k']);
    expect(countButton('Ready').getAttribute('aria-pressed')).to.equal('true');
    expect(shadow(element).querySelector('[role=grid]')!.getAttribute('aria-rowcount')).to.equal('3');
    expect(shadowText(element)).to.contain('2 of 4 agents shown');
    countButton('Ready').click();
    await element.updateComplete;
    expect(logins()).to.have.length(4);

    const search = shadow(element).querySelector<HTMLInputElement>('[part=search]')!;
    search.value = 'AVHAN';
    search.dispatchEvent(new Event('input'));
    await element.updateComplete;
    expect(logins()).to.have.members(['dinesh.s@avhan.com', 'rupesh.v@avhan.com']);
  });

  it('is a grid the keyboard moves through: one tab stop, arrows, Home and End', async () => {
    const { element } = await board();
    const before = document.createElement('button');
    before.textContent = 'before';
    element.before(before);
    before.focus();
    // Tab order: the state filters, the search, then one stop in the grid (its first header).
    const active = () => shadow(element).activeElement as HTMLElement | null;
    for (let i = 0; i < 12 && !active()?.closest('[role=grid]'); i++) await sendKeys({ press: 'Tab' });
    expect(active()?.closest('[role=columnheader]')?.textContent).to.contain('Agent');
    await sendKeys({ press: 'ArrowDown' });
    expect(active()?.dataset['cell']).to.equal('0:0');
    expect(active()?.textContent).to.equal('dinesh.s@avhan.com');
    await sendKeys({ press: 'ArrowRight' });
    expect(active()?.dataset['cell']).to.equal('0:1');
    await sendKeys({ press: 'End' });
    expect(active()?.textContent?.trim()).to.equal('Reallocate…'); // the cell's button takes the focus
    await press('Control+End');
    expect(active()?.closest('[role=row]')?.querySelector('.login')?.textContent).to.equal('user1');
    await sendKeys({ press: 'Home' });
    expect(active()?.dataset['cell']).to.equal('3:0');
    await press('Control+Home');
    expect(active()?.closest('[role=columnheader]')).to.not.equal(null);
    // Only one cell of the grid is in the tab order at a time.
    expect(shadow(element).querySelectorAll('[role=grid] [tabindex="0"]').length).to.equal(1);
    before.remove();
  });

  it('keeps a thousand agents in one request and only the rows in view in the page', async () => {
    const logins = Array.from({ length: 1000 }, (_, i) => `agent${i}@example.com`);
    logins[0] = 'user1';
    const { provider, element } = await board(html``, logins.join(' '));
    expect(element.rows).to.have.length(1000);
    expect(gridRows(element).length).to.be.below(100);
    expect(shadow(element).querySelector('[role=grid]')!.getAttribute('aria-rowcount')).to.equal('1001');
    expect(element.rows.find((row) => row.login === 'user1')?.state).to.equal(1);
    expect(shadow(element).querySelector('[part=counts]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Unknown agent 999');
    // Scrolling to the end renders the last rows, at their place in the grid.
    const scroller = shadow(element).querySelector<HTMLElement>('.scroller')!;
    await until(() => scroller.scrollHeight > 10 * scroller.clientHeight, 'the list as tall as all its rows');
    scroller.scrollTop = scroller.scrollHeight;
    await until(() => gridRows(element).some((row) => row.getAttribute('aria-rowindex') === '1001'), 'the last row rendered');
    expect(provider.status.snapshot('agent999@example.com')?.agent?.login).to.equal('agent999@example.com');
  });

  it('puts every row in the page when the board has no height limit and the page scrolls instead', async () => {
    const logins = Array.from({ length: 120 }, (_, i) => `agent${i}@example.com`);
    const { element } = await board(html``, logins.join(' '));
    expect(gridRows(element).length).to.be.below(120);
    element.style.setProperty('--jodo-board-height', 'none');
    await until(() => gridRows(element).length === 120, 'every row in the page');
  });

  it('reallocates a contact to an agent of the board after a confirmation naming both, and the dialer calls the new agent', async () => {
    // A voice record scheduled for user1 tomorrow: user1 is absent, tanmay.k takes it now.
    const tomorrow = formatJodoDateTime(new Date(Date.now() + 86_400_000));
    const imported = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'ImportProcessData', apikey: 'test_org', servicekey: 'VoiceProcess', media: 12, updateparam: 'mobilenumber', reqdatetime: formatJodoDateTime(new Date()), data: [{ name: 'Asha', mobilenumber: '9811122233', userlogin: 'user1', callDateTime: tomorrow }] }),
    }).then((r) => r.json());
    expect(String(imported.statuscode)).to.equal('001');
    const { element } = await board();
    const events: string[] = [];
    element.addEventListener('jodo-reallocate', (e: JodoReallocateEvent) => events.push(`reallocate ${e.detail.from} -> ${e.detail.to}`));
    element.addEventListener('jodo-reallocated', (e: JodoReallocatedEvent) => events.push(`reallocated ${e.detail.contactnumber}`));

    const dialog = await openReallocation(element);
    // A bad number is refused before anything is sent.
    fill(dialog, 'contactnumber', '12');
    await element.updateComplete;
    const countsBefore = (await requestCounts())['reallocatedata'] ?? 0;
    await review(element, dialog);
    expect(dialog.querySelector('#contactnumber-error')!.textContent).to.contain('3 to 16 digits');
    expect(dialog.querySelector('#contactnumber')!.getAttribute('aria-invalid')).to.equal('true');

    fill(dialog, 'contactnumber', '9811122233');
    fill(dialog, 'calldatetime', formatJodoDateTime(new Date(Date.now() - 60_000)).slice(0, 16).replace(' ', 'T'));
    const select = dialog.querySelector('select')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k']);
    expect(select.options[2]!.textContent).to.contain('Ready');
    fill(dialog, 'to', 'tanmay.k');
    await review(element, dialog);
    expect(dialog.textContent!.replace(/\s+/g, ' ')).to.contain('Give contact 9811122233 and its scheduled calls from user1 to tanmay.k?');
    expect((await requestCounts())['reallocatedata'] ?? 0).to.equal(countsBefore, 'nothing sent before the confirmation');
    await expect(element).to.be.accessible();
    dialog.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(() => !dialog.open, 'closed once Jodo agreed');
    expect(events).to.deep.equal(['reallocate user1 -> tanmay.k', 'reallocated 9811122233']);
    expect(shadowText(element)).to.contain('Contact 9811122233 now goes to tanmay.k.');

    // The scheduled call is now tanmay.k's, due now: the dialer calls tanmay.k.
    await control('/sandbox/dialer', { running: true });
    await until(async () => {
      const call = (await fetch('/sandbox/agents/tanmay.k/call').then((r) => (r.status === 200 ? r.json() : {}))) as { mobilenumber?: string };
      return call.mobilenumber === '9811122233';
    }, 'the dialer calls tanmay.k', 5000);
    await until(() => stateText(element, 'tanmay.k') !== 'Ready', 'the board shows tanmay.k busy', 5000);
    await control('/sandbox/dialer', { running: false });
  });

  it('says in plain words what Jodo refused (codes 70 and 72), on the field concerned, and keeps the dialog open', async () => {
    const { element } = await board(html``, `${AGENTS.join(' ')} ghost@avhan.com`);
    const dialog = await openReallocation(element);
    const confirm = async () => {
      await review(element, dialog);
      dialog.querySelector<HTMLButtonElement>('button.confirm')!.click();
      await until(() => dialog.querySelector('form') !== null, 'back to the form with the problem');
    };
    fill(dialog, 'contactnumber', '9000000001');
    await confirm();
    expect(dialog.querySelector('#contactnumber-error')!.textContent).to.equal('Jodo has no contact with the number 9000000001 in this process.');

    fill(dialog, 'contactnumber', '7507959484');
    fill(dialog, 'to', 'ghost@avhan.com');
    await confirm();
    expect(dialog.querySelector('#to-error')!.textContent).to.equal('Jodo has no agent ghost@avhan.com.');
    expect(dialog.open).to.equal(true);
  });

  it('a cancelled jodo-reallocate sends nothing', async () => {
    const { element } = await board();
    element.addEventListener('jodo-reallocate', (e) => e.preventDefault());
    const dialog = await openReallocation(element);
    fill(dialog, 'contactnumber', '7507959484');
    await review(element, dialog);
    const before = (await requestCounts())['reallocatedata'] ?? 0;
    dialog.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(() => !dialog.open, 'closed');
    expect((await requestCounts())['reallocatedata'] ?? 0).to.equal(before);
  });

  it('takes the supervisor team from the session when given no logins, and leaves out given logins outside it', async () => {
    // What the gateway's /jodo/session answers for a supervisor.
    const session = `data:application/json,${encodeURIComponent(JSON.stringify({ login: 'user10', role: 'supervisor', servicekeys: ['VoiceProcess'], team: ['user1', 'tanmay.k'] }))}`;
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" session-url=${session} poll-interval=${POLL}>
      <jodo-team-board></jodo-team-board>
    </jodo-provider>`);
    const element = provider.querySelector('jodo-team-board')!;
    await until(() => element.rows.length === 2 && element.rows.every((row) => row.state === 1), 'the session team, Ready');
    expect(element.rows.map((row) => row.login)).to.deep.equal(['tanmay.k', 'user1']);
    expect(provider.login).to.equal('user10');
    // One login of another team would have the gateway refuse every poll: it is left out, and named.
    element.logins = ['user1', 'USER1', 'dinesh.s@avhan.com'];
    await until(() => element.rows.length === 1, 'only the team member');
    expect(shadow(element).querySelector('[part=notice]')!.textContent).to.contain('Not in your team, so not shown: dinesh.s@avhan.com.');
    element.logins = [];
    await until(() => element.rows.length === 2, 'an empty list is the session team again');
  });

  it('says when there is nobody to show', async () => {
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user10" poll-interval=${POLL}>
      <jodo-team-board></jodo-team-board>
    </jodo-provider>`);
    const element = provider.querySelector('jodo-team-board')!;
    await element.updateComplete;
    expect(shadowText(element)).to.contain('No agents to show');
    await expect(element).to.be.accessible();
  });

  it('applies Wrapup 60 s and Hold 120 s when given no thresholds', async () => {
    await setState('user1', 7);
    await setState('tanmay.k', 6);
    const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user10" poll-interval=${POLL}>
      <jodo-team-board logins="user1 tanmay.k dinesh.s@avhan.com"></jodo-team-board>
    </jodo-provider>`);
    const element = provider.querySelector('jodo-team-board')!;
    await until(() => element.rows.every((row) => typeof row.state === 'number'), 'known');
    expect(Object.fromEntries(element.rows.map((row) => [row.login, row.limit]))).to.deep.equal({ 'dinesh.s@avhan.com': undefined, 'tanmay.k': 120, user1: 60 });
  });

  it('keeps the focus on the same agent when a poll re-sorts the rows, and in the grid when its row scrolls away', async () => {
    const logins = Array.from({ length: 80 }, (_, i) => `agent${String(i).padStart(2, '0')}@example.com`);
    const { element } = await board(html``, ['user1', 'tanmay.k', ...logins].join(' '));
    const header = (name: string) => [...shadow(element).querySelectorAll<HTMLElement>('[role=columnheader]')].find((h) => h.textContent!.includes(name))!;
    header('State').querySelector('button')!.click(); // Ready (1) first, unknown agents last
    header('Agent').querySelector('button')!.focus();
    await element.updateComplete;
    const active = () => shadow(element).activeElement as HTMLElement | null;
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(active()?.textContent).to.equal('user1');
    // tanmay.k (row 1) goes Talking: user1 moves up a row, and keeps the focus.
    await setState('tanmay.k', 5);
    await until(() => element.rows[0]?.login === 'user1', 'a poll re-sorts');
    await element.updateComplete;
    expect(active()?.textContent).to.equal('user1');
    expect(active()?.dataset['cell']).to.equal('0:0');
    // Scrolled far away by the wheel: the focus stays in the grid, on a row in view.
    const scroller = shadow(element).querySelector<HTMLElement>('.scroller')!;
    await until(() => scroller.scrollHeight > 3 * scroller.clientHeight, 'the list as tall as all its rows');
    scroller.scrollTop = scroller.scrollHeight;
    await until(() => !gridRows(element).some((row) => row.querySelector('.login')!.textContent === 'user1'), 'user1 out of the page');
    await element.updateComplete;
    expect(active()?.closest('[role=grid]')).to.not.equal(null);
    expect(shadow(element).querySelectorAll('[role=grid] [tabindex="0"]').length).to.equal(1);
    await sendKeys({ press: 'ArrowDown' });
    expect(active()?.closest('[role=row]')).to.not.equal(null);
  });

  it('Escape does not close the dialog while Jodo is being asked, so its answer is not lost', async () => {
    await control('/sandbox/faults', { method: 'reallocatedata', status: 70, delayMs: 600 });
    const { element } = await board();
    const dialog = await openReallocation(element);
    fill(dialog, 'contactnumber', '7507959484');
    await review(element, dialog);
    dialog.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await element.updateComplete;
    const cancel = new Event('cancel', { cancelable: true });
    dialog.dispatchEvent(cancel);
    expect(cancel.defaultPrevented).to.equal(true);
    await until(() => dialog.querySelector('#contactnumber-error') !== null, 'the refusal shown');
    expect(shadow(element).activeElement?.id).to.equal('contactnumber', 'the focus is on the field to fix');
    await expect(element).to.be.accessible();
  });

  it('warns about thresholds it cannot use and keeps those it can', async () => {
    await setState('user1', 7);
    const warnings: string[] = [];
    const warn = console.warn;
    let element!: JodoTeamBoard;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user10" poll-interval=${POLL}>
        <jodo-team-board logins="user1" thresholds='{"Lunch": 5, "Hold": "soon", "wrap-up": 1}'></jodo-team-board>
      </jodo-provider>`);
      element = provider.querySelector('jodo-team-board')!;
      await element.updateComplete;
    } finally {
      console.warn = warn;
    }
    expect(warnings.join('\n')).to.contain('"Lunch" is not an agent state').and.contain('the threshold of "Hold" must be a number of seconds');
    await until(() => element.rows[0]?.over === true && element.rows[0].limit === 1, 'Wrapup over 1 s', 6000);
  });
});
