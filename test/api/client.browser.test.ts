import { expect } from '@open-wc/testing';
import {
  AgentStates,
  JodoApiError,
  JodoClient,
  JodoHttpError,
  JodoValidationError,
} from '../../src/api/index.js';

const ENDPOINT = '/CustomerWebServices/handleCustomerWS';

async function control(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path} answered ${response.status}`).to.be.true;
  return response.json();
}

describe('JodoClient in a real browser', () => {
  const client = new JodoClient({ endpoint: ENDPOINT, apikey: 'test_org', servicekey: 'VoiceProcess', retryDelayMs: 10 });

  beforeEach(() => control('/sandbox/reset'));

  it('reads live agent states in one batched request', async () => {
    await control('/sandbox/agents/state', { login: 'user1', currentstatus: AgentStates.Talking });
    const { data } = await client.userStatus({ loginids: ['user1', 'user10', 'ghost@avhan.com'] });
    expect(data.agents.map((a) => [a.login, a.state, a.stateLabel, a.ok])).to.deep.equal([
      ['user1', 5, 'Talking', true],
      ['user10', 1, 'Ready', true],
      ['ghost@avhan.com', undefined, undefined, false],
    ]);
  });

  it('pushes a customer and reads it back, plus sign and all', async () => {
    await client.importProcessData({
      media: 'Voice Out',
      updateparam: 'crmuniquefield',
      data: [{ crmuniquefield: 'POL-7', name: 'Zoë <b>Ramírez</b>', mobilenumber: '+919876543210' }],
    });
    const { data } = await client.getProcessData({ searchparam: 'crmuniquefield', crmuniquefield: 'POL-7' });
    expect(data.records).to.have.length(1);
    expect(data.records[0]!['name']).to.equal('Zoë <b>Ramírez</b>');
    expect(data.records[0]!['mobilenumber']).to.equal('+919876543210');
  });

  it('runs the wrap-up loop: call, disposition, back to Ready', async () => {
    const call = await control('/sandbox/calls', { login: 'dinesh.s@avhan.com', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
    const before = await client.userStatus({ loginids: ['dinesh.s@avhan.com'] });
    expect(before.data.agents[0]!.state).to.equal(AgentStates.Wrapup);

    const saved = await client.saveDisposition({
      login: 'dinesh.s@avhan.com',
      dispomasterid: 1,
      disporeasonid: 2,
      remarks: 'Sent the brochure',
      contactvalue: '7507959484',
      media: 'Voice Out',
      systemcallid: String(call['systemcallid']),
    });
    expect(saved.code).to.equal(3);
    const afterwards = await client.userStatus({ loginids: ['dinesh.s@avhan.com'] });
    expect(afterwards.data.agents[0]!.state).to.equal(AgentStates.Ready);
  });

  it('plays the recording the sandbox serves', async () => {
    const call = await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' });
    const { data } = await client.customerRecording({ systemcallid: String(call['systemcallid']) });
    expect(new URL(data.recordingUrl).origin).to.equal(location.origin);

    const ranged = await fetch(data.recordingUrl, { headers: { range: 'bytes=0-11' } });
    expect(ranged.status).to.equal(206);
    const head = new Uint8Array(await ranged.arrayBuffer());
    expect(String.fromCharCode(...head.slice(0, 4)), 'RIFF header').to.equal('RIFF');
    expect(String.fromCharCode(...head.slice(8, 12)), 'WAVE header').to.equal('WAVE');

    const audio = new Audio();
    const loaded = new Promise<number>((resolve, reject) => {
      audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
      audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)), { once: true });
    });
    audio.src = data.recordingUrl;
    expect(await loaded).to.be.greaterThan(1);
  });

  it('reports failure codes, several recordings and a bad request as typed errors', async () => {
    const { data } = await client.customerMultipleRecordings({ systemcallids: ['180717171728015031', '180719161420031002'] });
    expect(data.recordings.map((r) => [r.systemcallid, r.code, r.ok])).to.deep.equal([
      ['180717171728015031', 3, true],
      ['180719161420031002', 67, false],
    ]);

    const refused = await client.reallocateData({ contactnumber: '1112223334', login: 'tanmay.k' }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(JodoApiError);
    expect((refused as JodoApiError).code).to.equal(70);
    expect((refused as JodoApiError).description).to.equal('Contact Number not found');

    const invalid = await client.deleteUser({ loginid: 'not-an-email' }).catch((e: unknown) => e);
    expect(invalid).to.be.instanceOf(JodoValidationError);
    expect((invalid as JodoValidationError).fields).to.deep.equal(['loginid']);
  });

  it('turns an endpoint that is not Jodo into a typed HTTP error, not a crash', async () => {
    const lost = new JodoClient({ endpoint: '/sandbox/health', apikey: 'test_org', servicekey: 'VoiceProcess', retries: 0 });
    const error = await lost.userStatus({ loginids: ['user1'] }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(JodoHttpError);
    expect((error as JodoHttpError).httpStatus).to.equal(405);
    expect((error as JodoHttpError).transient).to.be.false;
  });

  it('aborts on the caller\'s signal', async () => {
    const controller = new AbortController();
    const pending = client.getProcessData({ searchparam: 'mobilenumber', mobilenumber: '7507959484' }, { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).to.equal('AbortError');
  });
});
