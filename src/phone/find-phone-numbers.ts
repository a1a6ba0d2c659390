/**
 * Finds the phone numbers in a piece of text (a table cell, a paragraph), for
 * `<jodo-click-to-call scan>`. Pure: text in, ranges out.
 *
 * A number is one or more words of digits (a leading `+`, dashes, dots and
 * parentheses inside: `+91 98200 12345`, `(022) 2345-6789`, `022.2345.6789`),
 * with 7 to 16 digits once the `+`/`00` prefix is set aside (the contract's
 * 3-16 rule, `isMobileNumber`, with a floor so that counts, years and short
 * codes stay text). Left alone: dates (`2016-01-20`, `20.01.2016`), times,
 * amounts (`1,234.50`, `12.50`, a number after a currency sign or code),
 * ids longer than 16 digits (an 18-digit systemcallid), card-like 4-4-4-4
 * groups, IP addresses, and digits joined to letters or to `#`, `/`, `@`,
 * `_` (order ids, URLs, e-mail addresses).
 */
import { isMobileNumber } from '../api/rules.js';

export interface FoundNumber {
  /** Offset of the first character in the text. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** The number as written. */
  text: string;
}

/** Fewest digits (after `+`/`00`) a number found in running text has. */
export const SCAN_MIN_DIGITS = 7;
/** Most words one number is written in (`+1 (555) 123 4567` is four). */
const MAX_WORDS = 5;

/** A group: digits, or digits in parentheses. Groups are joined by at most one dash or dot. */
const GROUP = String.raw`(?:\(\d{1,5}\)|\d+)`;
const NUMBER_WORD = new RegExp(String.raw`^\+?${GROUP}(?:[-.\u2010\u2011]?${GROUP})*$`, 'u');
const DATE_WORDS = [/^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/, /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/];
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const CARD = /^\d{4}(?:[ -]\d{4}){3}$/u;
/** A word a number never follows: a currency sign or code (`₹ 1234567`, `Rs. 1234567`, `INR 1234567`). */
const CURRENCY_WORD = /^(?:\p{Sc}|rs\.?|inr|usd|eur|gbp|aed)$/iu;
/** Punctuation that may close a sentence or a list after a number. */
const TRAILING = /[.,;:!?]+$/u;

interface Word {
  start: number;
  end: number;
  /** The word is a number's (possibly only) part. */
  numeric: boolean;
  /** Punctuation followed it, so no number continues past it. */
  closes: boolean;
  /** A `(` opened before it, which a number starts after. */
  opens: boolean;
}

/** A word of the text, trimmed of the punctuation around a number, and whether it can be part of one. */
function readWord(text: string, start: number, end: number): Word {
  let word = text.slice(start, end);
  let opens = false;
  // An unbalanced parenthesis belongs to the sentence: "(call 98200 12345)".
  if (word.startsWith('(') && !/^\(\d{1,5}\)/.test(word)) {
    word = word.slice(1);
    start++;
    opens = true;
  }
  const trailing = TRAILING.exec(word)?.[0] ?? '';
  let closes = trailing !== '';
  word = word.slice(0, word.length - trailing.length);
  end -= trailing.length;
  if (word.endsWith(')') && (word.match(/\(/g)?.length ?? 0) < (word.match(/\)/g)?.length ?? 0)) {
    word = word.slice(0, -1);
    end--;
    closes = true;
  }
  const numeric = word !== '' && NUMBER_WORD.test(word) && !DATE_WORDS.some((date) => date.test(word)) && !IP_ADDRESS.test(word) && !isDecimal(word);
  return { start, end, numeric, closes, opens };
}

/** `12.50`, `3.14`: one dot between two groups of digits reads as an amount or a version, not a number. */
const isDecimal = (word: string) => /^\+?\d+\.\d+$/.test(word);

/** Digits of a number as written, with its `+` kept: what the 3-16 digit rule reads. */
const compact = (written: string) => (written.startsWith('+') ? '+' : '') + written.replace(/\D/g, '');

function isNumber(written: string, minDigits: number): boolean {
  const digits = compact(written);
  const counted = digits.startsWith('+') ? digits.length - 1 : digits.startsWith('00') ? digits.length - 2 : digits.length;
  return counted >= minDigits && isMobileNumber(digits);
}

/** Every phone number in `text`, in order, none overlapping. */
export function findPhoneNumbers(text: string, { minDigits = SCAN_MIN_DIGITS }: { minDigits?: number } = {}): FoundNumber[] {
  const words: Word[] = [...text.matchAll(/\S+/gu)].map((m) => readWord(text, m.index, m.index + m[0].length));
  const found: FoundNumber[] = [];
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!;
    if (!first.numeric || (i > 0 && CURRENCY_WORD.test(text.slice(words[i - 1]!.start, words[i - 1]!.end).replace(TRAILING, '')))) continue;
    // The words that may belong to one number: numeric, not closed by punctuation, a `+` only at the start.
    let last = i;
    while (
      last + 1 < words.length &&
      last - i + 1 < MAX_WORDS &&
      !words[last]!.closes &&
      words[last + 1]!.numeric &&
      !words[last + 1]!.opens &&
      text[words[last + 1]!.start] !== '+'
    ) {
      last++;
    }
    // A card number is no phone number, nor is any part of it.
    if (CARD.test(text.slice(first.start, words[last]!.end))) {
      i = last;
      continue;
    }
    // The longest run of them that is a number: "98200 12345, 98200 12346" is two; "9820012345 9820012346" too.
    for (let j = last; j >= i; j--) {
      const start = first.start;
      const end = words[j]!.end;
      const written = text.slice(start, end);
      if (isNumber(written, minDigits)) {
        found.push({ start, end, text: written });
        i = j;
        break;
      }
    }
  }
  return found;
}
