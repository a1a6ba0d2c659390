import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPhoneNumbers } from '../../src/phone/find-phone-numbers.js';

const found = (text: string) => findPhoneNumbers(text).map((n) => n.text);

describe('findPhoneNumbers', () => {
  it('finds numbers written with spaces, dashes, dots, parentheses and a + or 00 prefix', () => {
    for (const number of ['7507959484', '+91 98200 12345', '+91-98200-12345', '0091 98200 12345', '(022) 2345 6789', '022.2345.6789', '+44 (0)20 7946 0958', '+1 (555) 123-4567', '1800-123-4567', '2345 6789']) {
      assert.deepEqual(found(number), [number], number);
    }
  });

  it('gives offsets into the text, and leaves the punctuation around a number to the sentence', () => {
    const text = 'Call Ram (mobile 98200 12345), or the office: 022-2345-6789.';
    assert.deepEqual(findPhoneNumbers(text), [
      { start: 17, end: 28, text: '98200 12345' },
      { start: 46, end: 59, text: '022-2345-6789' },
    ]);
  });

  it('keeps numbers in a list apart', () => {
    assert.deepEqual(found('9820012345, 9820012346; 9820012347'), ['9820012345', '9820012346', '9820012347']);
    assert.deepEqual(found('9820012345 9820012346'), ['9820012345', '9820012346']);
    assert.deepEqual(found('+91 9820012345 +91 9820012346'), ['+91 9820012345', '+91 9820012346']);
  });

  it('leaves dates, times, amounts, ids and short numbers alone', () => {
    for (const text of [
      '2016-01-20 12:00:00',
      '20/01/2016',
      '20.01.2016',
      '2016-01-20',
      '12:00',
      'systemcallid 180717171728015031',
      '180717171728015031',
      '₹12,50,000',
      '1,234,567.00',
      '1234567.89',
      'Rs. 1234567',
      'INR 1234567',
      '$ 1234567',
      'ORD-1234567',
      'INV1234567',
      '#1234567',
      'order_1234567',
      'https://crm.example/customers/9820012345',
      '9820012345@example.com',
      '192.168.100.200',
      '4111 1111 1111 1111',
      'customer 14001, lead 2, 42 calls in 2016',
      '123456',
      '+91',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  it('takes 7 digits as the floor in text and 16 as the ceiling, counted after the prefix', () => {
    assert.deepEqual(found('1234567'), ['1234567']);
    assert.deepEqual(found('1234567890123456'), ['1234567890123456']);
    assert.deepEqual(found('+1234567890123456'), ['+1234567890123456']);
    assert.deepEqual(found('12345678901234567'), []);
    assert.deepEqual(findPhoneNumbers('100 and 1234', { minDigits: 3 }).map((n) => n.text), ['100', '1234']);
  });
});
