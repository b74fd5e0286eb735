/**
 * What a finding may show of what it found. As everywhere in Signet (`••••3f9a`), at most the last 4 characters of a
 * value, and none of a value shorter than 16: four characters of an 8-character secret leave four to guess.
 *
 * The excerpt is a short piece of the line (a 50 MB minified line gives ≈ 70 characters), with every finding on it
 * masked, and, as a second line of defence, every other long run of key-like characters with letters and digits in
 * it (the value of a neighbouring assignment that matched nothing, half of a split secret): an excerpt is for finding
 * the place, never for reading a value.
 */
export const MASK = '••••';

/** `••••` + the last 4 characters of `value` when it has at least 16, else `••••`. */
export function maskValue(value: string): string {
  const chars = [...value];
  return chars.length >= 16 ? MASK + chars.slice(-4).join('') : MASK;
}

const KEYLIKE = /[A-Za-z0-9+/_-]{20,}={0,2}/g;

/** `text` with long key-like runs (letters and digits mixed) replaced by ••••. */
export function maskKeyLike(text: string): string {
  return text.replace(KEYLIKE, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? MASK : run));
}

/** Control characters (terminal escapes) out, tabs as spaces. */
export function printableExcerpt(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
}
