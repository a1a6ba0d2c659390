import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DIAL_POLICY, normaliseNumber, readDialPolicy, resolveDialPolicy, type DialPolicy } from '../../src/phone/dial-policy.js';

const policy = (overrides: Partial<DialPolicy> = {}): DialPolicy => ({ ...DEFAULT_DIAL_POLICY, ...overrides });
const sent = (written: string, overrides?: Partial<DialPolicy>) => {
  const result = normaliseNumber(written, policy(overrides));
  return result.ok ? result.number : `refused: ${result.reason}`;
};

describe('normaliseNumber', () => {
  it('strips spaces, dashes, dots, slashes and parentheses', () => {
    assert.equal(sent('98200 12345'), '9820012345');
    assert.equal(sent('98200-12345'), '9820012345');
    assert.equal(sent('022.2345.6789'), '02223456789');
    assert.equal(sent('(022) 2345 6789'), '02223456789');
    assert.equal(sent('022/2345\u00a06789'), '02223456789');
    assert.equal(sent('  7507959484 '), '7507959484');
  });

  it('gsm keeps a leading + for international numbers, and reads 00 as international too', () => {
    assert.equal(sent('+91 98200 12345'), '+919820012345');
    assert.equal(sent('0091 98200 12345'), '+919820012345');
    assert.equal(sent('+44 (0)20 7946 0958'), '+442079460958', '(0) is the national trunk digit, not dialled from abroad');
  });

  it('telco writes the international + as 00', () => {
    assert.equal(sent('+91 98200 12345', { trunk: 'telco' }), '00919820012345');
    assert.equal(sent('0091-98200-12345', { trunk: 'telco' }), '00919820012345');
    assert.equal(sent('98200 12345', { trunk: 'telco' }), '9820012345', 'a national number has no international prefix');
  });

  it('adds the domestic prefix to national numbers, once', () => {
    assert.equal(sent('98200 12345', { domesticPrefix: '0' }), '09820012345');
    assert.equal(sent('098200 12345', { domesticPrefix: '0' }), '09820012345');
    assert.equal(sent('+44 20 7946 0958', { domesticPrefix: '0' }), '+442079460958', 'international numbers get none');
  });

  it('a prefix that is not zeros (an outside line, 9) may be a number\'s own first digit: always added', () => {
    assert.equal(sent('98200 12345', { domesticPrefix: '9' }), '99820012345');
    assert.equal(sent('022 2345 6789', { domesticPrefix: '9' }), '902223456789');
  });

  it('refuses a + followed by 0 (an international prefix twice, or a national number after +)', () => {
    assert.equal(sent('+0091 98200 12345'), 'refused: length');
    assert.equal(sent('+098200 12345'), 'refused: length');
  });

  it('dials numbers of the home country as national ones when the country code is set', () => {
    const india = { countryCode: '91', domesticPrefix: '0', trunk: 'telco' } as const;
    assert.equal(sent('+91 98200 12345', india), '09820012345');
    assert.equal(sent('0091 98200 12345', india), '09820012345');
    assert.equal(sent('98200 12345', india), '09820012345');
    assert.equal(sent('+44 20 7946 0958', india), '00442079460958');
    assert.equal(sent('+91 98200 12345', { countryCode: '91' }), '9820012345');
  });

  it('counts 3 to 16 digits after the prefix (the contract rule)', () => {
    assert.equal(sent('100'), '100');
    assert.equal(sent('10'), 'refused: length');
    assert.equal(sent('1234567890123456'), '1234567890123456');
    assert.equal(sent('12345678901234567'), 'refused: length');
    assert.equal(sent('+1234567890123456'), '+1234567890123456');
    assert.equal(sent('+1234567890123456', { trunk: 'telco' }), '001234567890123456', '16 digits after 00');
    assert.equal(sent('+12345678901234567'), 'refused: length');
    assert.equal(sent('+12'), 'refused: length');
    assert.equal(sent('180717171728015031'), 'refused: length', 'an 18-digit systemcallid is no number');
  });

  it('refuses letters, a + inside, nothing, and a prefix alone', () => {
    assert.equal(sent('98200 CALL ME'), 'refused: characters');
    assert.equal(sent('9820012345 ext 12'), 'refused: characters');
    assert.equal(sent('98200+12345'), 'refused: characters');
    assert.equal(sent('2016-01-20 12:00:00'), 'refused: characters');
    assert.equal(sent(''), 'refused: empty');
    assert.equal(sent(' - ( ) '), 'refused: empty');
    assert.equal(sent('+'), 'refused: empty');
    assert.equal(sent('00'), 'refused: empty');
    assert.equal(sent('0', { domesticPrefix: '0' }), 'refused: empty');
  });
});

describe('readDialPolicy and resolveDialPolicy', () => {
  it('reads attribute values, case and a + of the country code forgiven, and names the unusable ones', () => {
    assert.deepEqual(readDialPolicy({ trunk: 'TELCO', domesticPrefix: '0', countryCode: '+91' }), {
      policy: { trunk: 'telco', domesticPrefix: '0', countryCode: '91' },
      unusable: [],
    });
    assert.deepEqual(readDialPolicy({ trunk: 'sip', domesticPrefix: '00', countryCode: 'IN' }), { policy: {}, unusable: ['trunk', 'domestic-prefix', 'country-code'] });
    assert.deepEqual(readDialPolicy({ trunk: '', domesticPrefix: null }), { policy: {}, unusable: [] });
  });

  it('takes each setting from the most specific level that has it, else the default', () => {
    assert.deepEqual(resolveDialPolicy({ trunk: 'telco' }, { trunk: 'gsm', countryCode: '91' }, undefined), { trunk: 'telco', domesticPrefix: '', countryCode: '91' });
    assert.deepEqual(resolveDialPolicy(), DEFAULT_DIAL_POLICY);
  });
});
