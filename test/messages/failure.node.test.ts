/**
 * One way of saying a failure: an element words only its own method's codes
 * and fields; a network error, a timeout, an HTTP failure, an unreadable
 * answer or the gateway's "slow down" reads the same in every element and in
 * the outbox, and never shows an HTTP code or a body.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JodoApiError, JodoHttpError, JodoMalformedResponseError, JodoNetworkError, JodoTimeoutError } from '../../src/api/errors.js';
import { NOT_IN_WRAPUP, TOO_MANY_REQUESTS } from '../../src/api/status-codes.js';
import { describeFailure } from '../../src/elements/call-guide/failure.js';
import { dispositionErrors } from '../../src/elements/disposition/disposition-messages.js';
import { describeProblem } from '../../src/elements/recording-player/recording-problems.js';
import { failureMessage } from '../../src/messages/failure.js';

const COMMON: [string, Error][] = [
  ['no network', new JodoNetworkError('getProcessData', new TypeError('Failed to fetch'))],
  ['no answer in time', new JodoTimeoutError('getProcessData', 15000)],
  ['a 503', new JodoHttpError('getProcessData', 503, '<html>Service Unavailable</html>')],
  ['a 404', new JodoHttpError('getProcessData', 404, 'Not Found')],
  ['an unreadable answer', new JodoMalformedResponseError('getProcessData', 200, '<html>', 'not JSON')],
  ["the gateway's slow down", new JodoApiError('getProcessData', TOO_MANY_REQUESTS, 'Too many requests', 'Slow down', { status: String(TOO_MANY_REQUESTS) })],
];

describe('a failure in words', () => {
  for (const [what, error] of COMMON) {
    test(`${what}: the same words in the call guide, the recording player, the wrap-up form and the outbox`, () => {
      const words = failureMessage(error);
      assert.equal(describeFailure(error, 'load').message, words);
      assert.equal(describeFailure(error, 'save').message, words);
      assert.equal(describeProblem(error).text, words);
      const [wrapUp, ...more] = dispositionErrors(error);
      assert.deepEqual(more, []);
      assert.equal(wrapUp!.field, 'form');
      assert.ok(wrapUp!.message.startsWith(`${words} `), wrapUp!.message);
      assert.match(wrapUp!.message, /notes are kept/);
      for (const said of [words, describeFailure(error, 'load').hint, describeProblem(error).hint]) {
        assert.doesNotMatch(said, /HTTP|<html>|getProcessData|\b50[0-9]\b|404/);
      }
    });
  }

  test("each element still words its own method's codes", () => {
    const refusedMedia = new JodoApiError('getProcessData', 17, 'Invalid media', undefined, { status: '017' });
    assert.match(describeFailure(refusedMedia, 'load').message, /Jodo refused the media: Invalid media \(code 17\)/);
    const noRecording = new JodoApiError('customer_recording', 63, 'systemcallid not found', undefined, { status: '063' });
    assert.equal(describeProblem(noRecording).text, 'This call has no recording in Jodo');
    const notInWrapup = new JodoApiError('saveDisposition', NOT_IN_WRAPUP, 'Not in wrapup', undefined, { status: String(NOT_IN_WRAPUP) });
    assert.match(dispositionErrors(notInWrapup)[0]!.message, /no longer has you in wrap-up/);
  });

  test('a timeout on a save says the changes may be there already', () => {
    assert.match(describeFailure(new JodoTimeoutError('ImportProcessData', 15000), 'save').hint, /may have been saved anyway/);
    assert.doesNotMatch(describeFailure(new JodoTimeoutError('getProcessData', 15000), 'load').hint, /saved/);
  });
});
