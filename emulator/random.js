// Random identifiers shaped like the real service's.
import { randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * @param {number} length
 * @param {string} [alphabet] default: letters and digits
 * @returns {string}
 */
export function randomAlnum(length, alphabet = ALNUM) {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/**
 * @param {number} length
 * @returns {string} lowercase letters and digits, as in `skey-xxxxxxxx`
 */
export function randomLowerAlnum(length) {
  return randomAlnum(length, LOWER_ALNUM);
}
