import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { JodoApiError, JodoClient, JodoValidationError } from '../../src/api/index.js';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox-server.js';

describe('JodoClient against the sandbox', () => {
  let running: RunningSandbox;
  let client: JodoClient;

  before(async () => {
    running = await startSandbox();
    client = new JodoClient({ endpoint: running.endpoint, apikey: 'test_org', servicekey: 'VoiceProcess' });
  });
  after(() => running.close());
  beforeEach(() => running.control('/sandbox/reset'));

  test('userStatus returns each agent, unknown logins as 418 entries', async () => {
    const result = await client.userStatus({ loginids: ['dinesh.s@avhan.com', 'nobody@avhan.com'] });
    assert.equal(result.code, 1);
    assert.equal(result.data.agents.length, 2);
    assert.deepEqual(
      result.data.agents.map((a) => [a.login, a.ok, a.state, a.code]),
      [
        ['dinesh.s@avhan.com', true, 1, 3],
        ['nobody@avhan.com', false, undefined, 418],
      ],
    );
  });

  test('a failure code throws JodoApiError with the table description', async () => {
    await assert.rejects(
      client.saveDisposition({ login: 'dinesh.s@avhan.com', dispomasterid: 1, disporeasonid: 1, contactvalue: '9874561320' }),
      (error: unknown) => error instanceof JodoApiError && error.code === 6 && error.description === 'Wrong Status mode [Status should be wrapup]',
    );
  });

  test('invalid input names every bad field and sends nothing', async () => {
    let sent = 0;
    const counting = new JodoClient({
      endpoint: running.endpoint,
      apikey: 'test_org',
      fetch: (input, init) => (sent++, fetch(input, init)),
    });
    await assert.rejects(
      counting.importProcessData({ servicekey: '', media: 'Fax', updateparam: 'phone', data: [{ mobilenumber: '12' }] }),
      (error: unknown) =>
        error instanceof JodoValidationError &&
        ['servicekey', 'media', 'updateparam', 'data.0.mobilenumber'].every((f) => error.fields.includes(f)),
    );
    assert.equal(sent, 0);
  });
});
