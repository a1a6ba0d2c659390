/**
 * The default fixture of CONTRACT.md: what an empty store and
 * `POST /sandbox/reset` start from. Every sample request of the document,
 * mended, succeeds against it.
 */
import { AgentStates } from '../../api/codes.js';
import { DEFAULT_MESSAGE_TEMPLATE, SANDBOX_SPEECH } from './messenger.js';
import { clearStore, inWriteTransaction, type SandboxDatabase, sql } from './store.js';

export const FIXTURE = {
  organisations: {
    test_org: ['VoiceProcess', 'VoiceInOut', 'Reminders'],
    'MsQgi5/gKVZusW5XziRf76nHbn9JxU4VDSWwongD5dU=': ['process1', 'Policy'],
  } as Record<string, string[]>,
  /** Messenger processes (text to speech): their message, spoken by the sandbox's own engine unless the sandbox was started with another webhook. */
  messengers: { Reminders: DEFAULT_MESSAGE_TEMPLATE } as Record<string, string>,
  agents: ['dinesh.s@avhan.com', 'rupesh.v@avhan.com', 'tanmay.k', 'user1', 'user10', 'test@avhan.com'],
  agentOrganisation: 'test_org',
  records: [
    { servicekey: 'VoiceProcess', storedatetime: '2016-01-20 12:00:00', fields: { leadnumber: '1', name: 'Tanmay K', mobilenumber: '7507959484' } },
    {
      servicekey: 'Policy',
      storedatetime: '2016-01-20 12:00:00',
      fields: { leadnumber: '1', name: 'Avhan Technologies', mobilenumber: '9000100200', customercode: '1', crmuniquefield: '1' },
    },
    {
      servicekey: 'Policy',
      storedatetime: '2016-01-20 12:00:00',
      fields: { leadnumber: '2', name: 'Avhan Technologies 1', mobilenumber: '9000100201', customercode: '2', crmuniquefield: '2' },
    },
  ],
  recordings: [
    { systemcallid: '140912183554281005', sessionid: 483, servicekey: 'VoiceInOut', login: 'user10', media: 11, seconds: 6 },
    { systemcallid: '180717171728015031', sessionid: 484, servicekey: 'VoiceProcess', login: 'user10', media: 12, seconds: 8 },
  ],
  dispositions: [
    { id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }, { id: 2, name: 'Send details' }] },
    { id: 2, name: 'Not interested', reasons: [{ id: 3, name: 'Price' }, { id: 4, name: 'Has a provider' }] },
    { id: 3, name: 'Not reachable', reasons: [{ id: 5, name: 'Switched off' }, { id: 6, name: 'No answer' }] },
  ],
  dnc: ['9999999999'],
  maxCallbacks: 3,
  callbackWindowDays: 30,
} as const;

/** `yyMMddHHmmss…` of a systemcallid, as a local time. */
function callStart(systemcallid: string): number {
  const [yy, mo, dd, hh, mi, ss] = (systemcallid.match(/\d\d/g) ?? []).map(Number);
  return new Date(2000 + yy!, mo! - 1, dd!, hh!, mi!, ss!).getTime();
}

export interface FixtureOptions {
  /** The webhook of the fixture's messenger processes (`npm run sandbox -- --tts-webhook URL`); default, the sandbox's own engine. */
  ttsWebhook?: string;
}

/** Empties the store and loads the fixture, in one transaction. */
export function loadFixture(db: SandboxDatabase, now: Date, options: FixtureOptions = {}): void {
  inWriteTransaction(db, () => {
    clearStore(db);
    const addOrg = sql(db, 'INSERT INTO organisations (apikey) VALUES (?)');
    const addProcess = sql(db, 
      'INSERT INTO processes (apikey, servicekey, max_callbacks, callback_window_days, tts_webhook, tts_template) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const addMaster = sql(db, 'INSERT INTO dispo_masters (process_id, id, name) VALUES (?, ?, ?)');
    const addReason = sql(db, 'INSERT INTO dispo_reasons (process_id, id, master_id, name) VALUES (?, ?, ?, ?)');
    const addDnc = sql(db, 'INSERT INTO dnc (process_id, number) VALUES (?, ?)');
    const processIds = new Map<string, number>();

    for (const [apikey, servicekeys] of Object.entries(FIXTURE.organisations)) {
      addOrg.run(apikey);
      for (const servicekey of servicekeys) {
        const template = FIXTURE.messengers[servicekey];
        const webhook = template === undefined ? null : (options.ttsWebhook ?? SANDBOX_SPEECH);
        const id = Number(addProcess.run(apikey, servicekey, FIXTURE.maxCallbacks, FIXTURE.callbackWindowDays, webhook, template ?? null).lastInsertRowid);
        processIds.set(servicekey, id);
        for (const master of FIXTURE.dispositions) {
          addMaster.run(id, master.id, master.name);
          for (const reason of master.reasons) addReason.run(id, reason.id, master.id, reason.name);
        }
        for (const number of FIXTURE.dnc) addDnc.run(id, number);
      }
    }

    const addAgent = sql(db, 
      'INSERT INTO agents (login, apikey, userid, username, usertype, state, state_since) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    FIXTURE.agents.forEach((login, i) => {
      addAgent.run(login, FIXTURE.agentOrganisation, 101 + i, login.split('@')[0], 'User', AgentStates.Ready, now.getTime());
    });

    const addRecord = sql(db, 
      `INSERT INTO records (process_id, mobilenumber, customercode, crmuniquefield, media, fields, storedatetime)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    );
    for (const r of FIXTURE.records) {
      const f = r.fields as Record<string, string>;
      addRecord.run(processIds.get(r.servicekey), f['mobilenumber'] ?? null, f['customercode'] ?? null, f['crmuniquefield'] ?? null, JSON.stringify(f), r.storedatetime);
    }

    const addCall = sql(db, 
      `INSERT INTO calls (systemcallid, sessionid, process_id, login, mobilenumber, media, phase, started_at, ended_at, recording_seconds)
       VALUES (?, ?, ?, ?, NULL, ?, 'done', ?, ?, ?)`,
    );
    for (const c of FIXTURE.recordings) {
      const start = callStart(c.systemcallid);
      addCall.run(c.systemcallid, c.sessionid, processIds.get(c.servicekey), c.login, c.media, start, start + c.seconds * 1000, c.seconds);
    }
  });
}
