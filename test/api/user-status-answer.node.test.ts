/**
 * userStatus checked and read without zod (src/api/user-status-answer.ts, and
 * the gateway session's reader) against the schemas they stand in for: over
 * generated input, the reader takes exactly what the schema takes and reads it
 * to the same values, and a whole answer reads as `parseJodoResponse` reads it.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_IDS } from '../../src/api/limits.js';
import { readGatewaySessionBody } from '../../src/api/gateway-session.js';
import { parseJodoResponse } from '../../src/api/response.js';
import { GatewaySessionResponse, ResponseEnvelope, UserStatusRequest, UserStatusResponse } from '../../src/api/schemas.js';
import { codeOf, isUserStatusRequestValid, readEnvelope, readUserStatusAnswer, readUserStatusBody } from '../../src/api/user-status-answer.js';

/** Values as Jodo, a proxy or a careless caller might write them: the edges of every rule among them. */
const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('3', ' 3 ', '001', '-2', '+2', '3.5', ' 12.50 ', '', ' ', '\t', '1e3', '0x10', '٣', 'Ready', 'user1'),
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 53, 2 ** 60, -0, 0.5, 1.5, 2.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
const entry = fc.oneof(
  { weight: 4, arbitrary: fc.record({ login: value, status: value, statuscode: value, statusdesc: value, currentstatus: value, currentstatusdesc: value, duration: value, statuschangetime: value, extra: value }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: value },
);
const body = fc.record(
  { method: value, status: value, statuscode: value, statusdesc: value, resdatetime: value, timestamp: value, statusdata: fc.oneof({ weight: 4, arbitrary: fc.array(entry, { maxLength: 4 }) }, { weight: 1, arbitrary: value }) },
  { requiredKeys: [] },
);
/** Answers that are mostly well formed, so the readers' agreement is tested where it matters most too. */
const goodEntry = fc.record({
  login: fc.oneof(fc.constantFrom('user1', 'tanmay.k'), fc.integer({ min: 0, max: 99 })),
  status: fc.constantFrom(3, '3', 418, null, undefined),
  currentstatus: fc.oneof(fc.integer({ min: 1, max: 11 }), fc.constantFrom('5', ' 7 ', 2.5)),
  currentstatusdesc: fc.constantFrom('Ready', 'Talking', '', undefined),
  duration: fc.oneof(fc.nat(100_000), fc.constantFrom('12', '3.6', 'x')),
  statuschangetime: fc.constantFrom('07-Mar-19 11:59:59 PM', '', undefined, 5),
});
const goodBody = fc.record({ status: fc.constantFrom(1, 3, '3', undefined, null), timestamp: fc.constantFrom('2026-12-05 10:00:00', undefined), statusdata: fc.array(goodEntry, { maxLength: 3 }) }, { requiredKeys: ['statusdata'] });

const ENTRY_FIELDS = ['login', 'status', 'statuscode', 'statusdesc', 'currentstatus', 'currentstatusdesc', 'duration', 'statuschangetime'] as const;
const pick = (entry: Record<string, unknown>) => Object.fromEntries(ENTRY_FIELDS.map((field) => [field, entry[field]]));

test('isUserStatusRequestValid takes exactly the requests UserStatusRequest takes', () => {
  const login = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' ', '\t\n', 'user1', ' user1 '), fc.integer(), fc.constant(null));
  const request = fc.oneof(
    fc.anything(),
    fc.record({ servicekey: value, loginids: fc.oneof(fc.array(login, { maxLength: 4 }), value), extra: value }, { requiredKeys: [] }),
  );
  fc.assert(
    fc.property(request, (r) => assert.equal(isUserStatusRequestValid(r), UserStatusRequest.safeParse(r).success, JSON.stringify(r))),
    { numRuns: 3000 },
  );
  for (const length of [0, 1, MAX_IDS, MAX_IDS + 1]) {
    const r = { servicekey: 'VoiceProcess', loginids: Array.from({ length }, (_, i) => `agent${i}`) };
    assert.equal(isUserStatusRequestValid(r), UserStatusRequest.safeParse(r).success, `${length} logins`);
  }
});

test('readEnvelope and readUserStatusBody take what ResponseEnvelope and UserStatusResponse take, and read the same values', () => {
  fc.assert(
    fc.property(fc.oneof(body, goodBody), (b) => {
      const raw = JSON.parse(JSON.stringify(b)) as Record<string, unknown>;
      const envelope = ResponseEnvelope.safeParse(raw);
      const ours = readEnvelope(raw);
      assert.equal(ours !== undefined, envelope.success, `envelope of ${JSON.stringify(raw)}`);
      if (ours && envelope.success) assert.deepEqual(ours, { code: codeOf(envelope.data), statusdesc: envelope.data.statusdesc });
      const answer = UserStatusResponse.safeParse(raw);
      const read = readUserStatusBody(raw);
      assert.equal(read !== undefined, answer.success, `body of ${JSON.stringify(raw)}`);
      if (read && answer.success) {
        assert.equal(read.timestamp, answer.data.timestamp);
        assert.deepEqual(read.statusdata.map((e) => pick(e as unknown as Record<string, unknown>)), answer.data.statusdata.map((e) => pick(e as Record<string, unknown>)));
      }
    }),
    { numRuns: 3000 },
  );
});

test('readUserStatusAnswer reads a whole answer as parseJodoResponse does, and leaves every other answer to it', () => {
  const answer = fc.tuple(fc.constantFrom(200, 200, 200, 204, 401, 500), fc.oneof(body, goodBody, goodBody));
  fc.assert(
    fc.property(answer, ([httpStatus, b]) => {
      const text = JSON.stringify(b);
      const ours = readUserStatusAnswer(httpStatus, text);
      let theirs: unknown;
      try {
        theirs = parseJodoResponse('userStatus', httpStatus, text);
      } catch {
        theirs = undefined;
      }
      // Where ours reads it, the same result; where parseJodoResponse refuses it, ours leaves it too.
      if (ours) assert.deepEqual(ours, theirs, text);
      if (theirs === undefined) assert.equal(ours, undefined, text);
      if (theirs !== undefined && httpStatus >= 200 && httpStatus < 300) assert.deepEqual(ours, theirs, `a good answer read without the schemas: ${text}`);
    }),
    { numRuns: 3000 },
  );
  assert.equal(readUserStatusAnswer(200, 'not json'), undefined);
  assert.equal(readUserStatusAnswer(200, '[]'), undefined);
});

test('readGatewaySessionBody takes what GatewaySessionResponse takes, and reads the same values', () => {
  const session = fc.oneof(
    fc.anything(),
    fc.record({ login: value, servicekeys: fc.oneof(fc.array(value, { maxLength: 3 }), value), team: fc.oneof(fc.array(value, { maxLength: 3 }), value), events: value, role: value }, { requiredKeys: [] }),
  );
  fc.assert(
    fc.property(session, (s) => {
      const raw = JSON.parse(JSON.stringify(s) ?? 'null') as unknown;
      const schema = GatewaySessionResponse.safeParse(raw);
      const ours = readGatewaySessionBody(raw);
      assert.equal(ours !== undefined, schema.success, JSON.stringify(raw));
      if (ours && schema.success) {
        const { login, servicekeys, team, events } = schema.data;
        assert.deepEqual({ login: ours.login, servicekeys: ours.servicekeys, team: ours.team, events: ours.events }, { login, servicekeys, team, events });
      }
    }),
    { numRuns: 3000 },
  );
});
