/**
 * `Retry-After` (RFC 9110 §10.2.3): `HTTP-date / delay-seconds`, where delay-seconds is
 * `1*DIGIT` and HTTP-date is IMF-fixdate or one of the two obsolete forms (RFC 850, asctime)
 * of §5.6.7. Pure, linear-time, no backtracking regexes.
 */

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type RetryAfter =
  | { kind: 'delay'; seconds: number }
  | { kind: 'date'; form: 'imf-fixdate' | 'rfc850' | 'asctime' }
  | { kind: 'invalid' };

const digits = (s: string, n: number) => s.length === n && /^[0-9]+$/.test(s);
const time = (s: string) => /^[0-9]{2}:[0-9]{2}:[0-9]{2}$/.test(s) && Number(s.slice(0, 2)) <= 23 && Number(s.slice(3, 5)) <= 59 && Number(s.slice(6, 8)) <= 60;

/** Parses a Retry-After value (surrounding whitespace ignored). */
export function parseRetryAfter(raw: string): RetryAfter {
  const value = raw.trim();
  if (/^[0-9]+$/.test(value)) return { kind: 'delay', seconds: Number(value) };
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  let m = /^([A-Za-z]{3}), ([0-9]{2}) ([A-Za-z]{3}) ([0-9]{4}) (\S+) GMT$/.exec(value);
  if (m && DAY_NAMES.includes(m[1]!) && MONTHS.includes(m[3]!) && Number(m[2]) >= 1 && Number(m[2]) <= 31 && time(m[5]!)) {
    return { kind: 'date', form: 'imf-fixdate' };
  }
  // rfc850-date: Sunday, 06-Nov-94 08:49:37 GMT
  m = /^([A-Za-z]+), ([0-9]{2})-([A-Za-z]{3})-([0-9]{2}) (\S+) GMT$/.exec(value);
  if (m && LONG_DAY_NAMES.includes(m[1]!) && MONTHS.includes(m[3]!) && Number(m[2]) >= 1 && Number(m[2]) <= 31 && time(m[5]!)) {
    return { kind: 'date', form: 'rfc850' };
  }
  // asctime-date: Sun Nov  6 08:49:37 1994
  m = /^([A-Za-z]{3}) ([A-Za-z]{3}) ([ 0-9][0-9]) (\S+) ([0-9]{4})$/.exec(value);
  if (m && DAY_NAMES.includes(m[1]!) && MONTHS.includes(m[2]!) && Number(m[3]!.trim()) >= 1 && Number(m[3]!.trim()) <= 31 && time(m[4]!) && digits(m[5]!, 4)) {
    return { kind: 'date', form: 'asctime' };
  }
  return { kind: 'invalid' };
}
