/**
 * Schemas built on first use (src/api/lazy-schema.ts) behave exactly as the
 * schema itself: parsing, composition, `instanceof`, keys; and they are built
 * once, only when used.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as z from 'zod/mini';
import { lazySchema } from '../../src/api/lazy-schema.js';
import { REQUEST_SCHEMAS, UserStatusRequest, UserStatusResponse } from '../../src/api/schemas.js';

describe('lazySchema', () => {
  test('builds nothing until used, then once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.looseObject({ login: z.string() });
    });
    assert.equal(builds, 0, 'not built when declared');
    assert.equal(schema.safeParse({ login: 'user1' }).success, true);
    assert.equal(schema.safeParse({ login: 5 }).success, false);
    assert.equal(z.safeParse(schema, { login: 'x' }).success, true);
    assert.equal(builds, 1, 'built once for every use');
  });

  test('composes, and reads as the schema it stands for', () => {
    const item = lazySchema(() => z.object({ id: z.number() }));
    const list = z.array(item);
    assert.deepEqual(z.parse(list, [{ id: 1 }, { id: 2 }]), [{ id: 1 }, { id: 2 }]);
    assert.equal(z.safeParse(list, [{ id: 'x' }]).success, false);
    assert.ok(item instanceof z.ZodMiniObject);
    assert.deepEqual(Object.keys(item._zod.def.shape), ['id']);
    assert.ok('_zod' in item);
  });

  test('the request and response schemas validate as before', () => {
    assert.equal(REQUEST_SCHEMAS.userStatus, UserStatusRequest);
    assert.equal(UserStatusRequest.safeParse({ servicekey: 'VoiceProcess', loginids: ['user1'] }).success, true);
    assert.equal(UserStatusRequest.safeParse({ servicekey: 'VoiceProcess', loginids: [] }).success, false);
    const answer = UserStatusResponse.safeParse({ statusdata: [{ login: 7, status: '001', duration: '12.6' }] });
    assert.equal(answer.success, true);
    assert.deepEqual(answer.data?.statusdata[0], { login: '7', status: 1, duration: 13 });
  });
});
