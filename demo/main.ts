/**
 * The demo CRM page: the typed client against the sandbox mounted in the dev
 * server (same origin). Agent state is polled for the whole team in one
 * request; a call pops the customer; Wrapup opens the disposition form;
 * the recording plays from the sandbox.
 */
import { AgentStates, JodoApiError, JodoClient, JodoValidationError, isJodoError, type AgentStatus } from '../src/index.js';

const AGENTS = ['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k', 'user1', 'user10', 'test@avhan.com'];
const SERVICEKEY = 'VoiceProcess';
const POLL_MS = 2000;
/** The sandbox fixture's disposition list (the elements will take it as a property). */
const DISPOSITIONS = [
  { master: 1, name: 'Interested', reasons: [[1, 'Callback requested'], [2, 'Send details']] },
  { master: 2, name: 'Not interested', reasons: [[3, 'Price'], [4, 'Has a provider']] },
  { master: 3, name: 'Not reachable', reasons: [[5, 'Switched off'], [6, 'No answer']] },
] as const;

// The sandbox's fixture key. Against real Jodo this lives in the gateway, never in a page.
const client = new JodoClient({ endpoint: '/CustomerWebServices/handleCustomerWS', apikey: 'test_org', servicekey: SERVICEKEY });

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const agentSelect = $<HTMLSelectElement>('#agent');
const statePill = $<HTMLSpanElement>('#state');
const freshness = $<HTMLSpanElement>('#freshness');
const teamBody = $<HTMLTableSectionElement>('#team tbody');
const callList = $<HTMLDListElement>('#call');
const player = $<HTMLAudioElement>('#player');
const wrapup = $<HTMLFormElement>('#wrapup');
const wrapupResult = $<HTMLParagraphElement>('#wrapup-result');
const lead = $<HTMLFormElement>('#lead');
const leadResult = $<HTMLParagraphElement>('#lead-result');

for (const login of AGENTS) agentSelect.add(new Option(login, login));
const dispoSelect = wrapup.elements.namedItem('dispo') as HTMLSelectElement;
for (const master of DISPOSITIONS) {
  const group = document.createElement('optgroup');
  group.label = master.name;
  for (const [id, name] of master.reasons) group.append(new Option(name, `${master.master}:${id}`));
  dispoSelect.append(group);
}

const login = () => agentSelect.value;
let lastState: number | undefined;
let lastSystemCallId: string | undefined;

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

function renderTeam(agents: AgentStatus[]): void {
  teamBody.replaceChildren(
    ...agents.map((agent) => {
      const row = teamBody.insertRow();
      row.insertCell().textContent = agent.login;
      row.insertCell().textContent = agent.ok ? (agent.stateLabel ?? '') : agent.description;
      row.insertCell().textContent = agent.durationSeconds === undefined ? '' : formatDuration(agent.durationSeconds);
      return row;
    }),
  );
}

function showCall(details: Record<string, unknown>): void {
  const customer = (details['customer'] ?? {}) as Record<string, unknown>;
  const rows: [string, unknown][] = [
    ['Customer', customer['name'] ?? '(no record)'],
    ['Number', details['mobilenumber']],
    ['System call id', details['systemcallid']],
    ['Session', details['sessionid']],
    ['Started', details['startdatetime']],
    ['Phase', details['phase']],
  ];
  callList.replaceChildren(
    ...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value === undefined || value === null ? '' : String(value);
      return [dt, dd];
    }),
  );
  const contact = wrapup.elements.namedItem('contactvalue') as HTMLInputElement;
  if (typeof details['mobilenumber'] === 'string' && !contact.value) contact.value = details['mobilenumber'];
}

async function refreshCall(): Promise<void> {
  const response = await fetch(`/sandbox/agents/${encodeURIComponent(login())}/call`);
  if (!response.ok) return;
  const details = (await response.json()) as Record<string, unknown>;
  showCall(details);
  const systemcallid = String(details['systemcallid']);
  if (details['recordingfilepath'] && systemcallid !== lastSystemCallId) {
    lastSystemCallId = systemcallid;
    const { data } = await client.customerRecording({ systemcallid });
    // Only http(s) links ever go into the page.
    if (/^https?:$/.test(new URL(data.recordingUrl, location.href).protocol)) {
      player.src = data.recordingUrl;
      player.hidden = false;
    }
  }
}

async function poll(): Promise<void> {
  try {
    const { data } = await client.userStatus({ loginids: AGENTS });
    renderTeam(data.agents);
    const me = data.agents.find((a) => a.login === login());
    const state = me?.state;
    statePill.textContent = me?.ok ? `${me.stateLabel} · ${formatDuration(me.durationSeconds ?? 0)}` : 'Unknown agent';
    statePill.dataset['state'] = String(state ?? '');
    freshness.textContent = `updated ${new Date().toLocaleTimeString()}`;
    freshness.classList.remove('error');
    if (state !== lastState) {
      lastState = state;
      if (state !== AgentStates.Ready && state !== undefined) await refreshCall();
      if (state === AgentStates.Wrapup) dispoSelect.focus();
    }
  } catch (error) {
    freshness.textContent = `reconnecting: ${isJodoError(error) ? error.message : String(error)}`;
    freshness.classList.add('error');
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

agentSelect.addEventListener('change', () => {
  lastState = undefined;
  lastSystemCallId = undefined;
  callList.replaceChildren(Object.assign(document.createElement('dt'), { textContent: 'No call yet' }));
  player.hidden = true;
});

lead.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(lead);
  leadResult.className = 'muted';
  try {
    await client.importProcessData({
      media: 'Voice Out',
      updateparam: 'mobilenumber',
      data: [{ name: String(form.get('name')), mobilenumber: String(form.get('mobilenumber')), userlogin: login() }],
    });
    leadResult.textContent = `Queued for ${login()}: the dialer rings when the agent is Ready.`;
  } catch (error) {
    leadResult.className = 'error';
    leadResult.textContent = error instanceof JodoValidationError ? error.issues.map((i) => `${i.field} ${i.message}`).join('; ') : String(error);
  }
});

$<HTMLButtonElement>('#instant-call').addEventListener('click', async () => {
  const number = String(new FormData(lead).get('mobilenumber'));
  const response = await fetch('/sandbox/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: login(), mobilenumber: number, servicekey: SERVICEKEY }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  leadResult.className = response.ok ? 'muted' : 'error';
  leadResult.textContent = response.ok ? `Call ${body['systemcallid']} done: ${login()} is in Wrapup.` : String(body['error']);
});

/** `datetime-local` gives `YYYY-MM-DDThh:mm[:ss]`; Jodo wants `YYYY-MM-DD hh:mm:ss`. */
function toJodoDateTime(value: string): string {
  return value ? `${value.replace('T', ' ')}${value.length === 16 ? ':00' : ''}` : '';
}

wrapup.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(wrapup);
  const [master, reason] = String(form.get('dispo')).split(':').map(Number);
  wrapupResult.className = '';
  wrapupResult.textContent = 'Saving…';
  try {
    await client.saveDisposition({
      login: login(),
      dispomasterid: master!,
      disporeasonid: reason!,
      remarks: String(form.get('remarks') ?? ''),
      selecteddatetime: toJodoDateTime(String(form.get('callback') ?? '')),
      contactvalue: String(form.get('contactvalue') ?? ''),
      media: 'Voice Out',
      ...(lastSystemCallId ? { systemcallid: lastSystemCallId } : {}),
    });
    wrapupResult.className = 'ok';
    wrapupResult.textContent = `Saved. ${login()} is Ready again.`;
    wrapup.reset();
  } catch (error) {
    wrapupResult.className = 'error';
    // Nothing typed is cleared on a failure.
    if (error instanceof JodoApiError) wrapupResult.textContent = `Not saved: ${error.description}.`;
    else if (error instanceof JodoValidationError) wrapupResult.textContent = `Not saved: ${error.issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`;
    else wrapupResult.textContent = `Not saved (${String(error)}); your notes are kept, try again.`;
  }
});

void poll();
