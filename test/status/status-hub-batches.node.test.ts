import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JodoApi } from '../../src/api/client.js';
import { MAX_IDS } from '../../src/api/schemas.js';
import { MAX_WATCHED, StatusHub, type StatusSnapshot } from '../../src/status/status-hub.js';

/** A client whose userStatus answers every login Ready, recording what each request asked. */
function recordingClient() {
  const requests: string[][] = [];
  const client = {
    async userStatus({ loginids }: { loginids: string[] }) {
      requests.push(loginids);
      return { data: { agents: loginids.map((login) => ({ login, code: 3, ok: true, description: 'Success', state: 1, durationSeconds: 0 })) } };
    },
  } as unknown as JodoApi;
  return { client, requests };
}

describe('StatusHub batches', () => {
  it('polls more logins than one request holds in requests of at most MAX_IDS, and answers every one', async () => {
    const { client, requests } = recordingClient();
    const hub = new StatusHub({ client, intervalMs: 60_000 });
    const seen = new Map<string, StatusSnapshot>();
    const logins = Array.from({ length: 2 * MAX_IDS + 1 }, (_, i) => `agent${i}@example.com`);
    const unsubscribe = logins.map((login) => hub.subscribe(login, (snapshot) => seen.set(login, snapshot)));
    await hub.refresh();
    hub.stop();
    assert.deepEqual(requests.map((r) => r.length), [MAX_IDS, MAX_IDS, 1]);
    assert.equal(new Set(requests.flat()).size, logins.length, 'each login asked once');
    assert.equal(seen.size, logins.length);
    assert.ok([...seen.values()].every((snapshot) => snapshot.agent?.state === 1 && !snapshot.failing));
    for (const stop of unsubscribe) stop();
  });

  it('a team larger than it watches is cut at MAX_WATCHED logins, never sent as an oversized request', async () => {
    const { client, requests } = recordingClient();
    const hub = new StatusHub({ client, intervalMs: 60_000 });
    const unsubscribe = Array.from({ length: MAX_WATCHED + 10 }, (_, i) => hub.subscribe(`a${i}`, () => {}));
    await hub.refresh();
    hub.stop();
    assert.equal(requests.flat().length, MAX_WATCHED);
    assert.ok(requests.every((r) => r.length <= MAX_IDS));
    for (const stop of unsubscribe) stop();
  });
});
