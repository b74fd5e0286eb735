/**
 * Repeated header lines as one field (RFC 9110 §5.3: "a recipient MAY combine multiple field lines within a field
 * section that have the same field name into one field line … by appending each subsequent field line value to the
 * initial field line value in order, separated by a comma"). The comma goes without a space: AWS SigV4's public suite
 * (`get-header-key-duplicate`) signs `my-header1:value2,value2,value1` for three lines, and a signer that reads the
 * combined value must see what the server's own combining gives.
 */

/** One header line as written: name (its own spelling) and value (already trimmed of surrounding whitespace). */
export type HeaderLine = readonly [name: string, value: string];

/**
 * The lines as one record: names compared without regard to case, the first spelling kept, values joined with ","
 * in order. Built with `Object.fromEntries`, so a header named `__proto__` is an own key like any other.
 */
export function combineHeaderLines(lines: readonly HeaderLine[]): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  for (const [name, value] of lines) {
    const lower = name.toLowerCase();
    const seen = byLower.get(lower);
    if (seen) seen[1] = `${seen[1]},${value}`;
    else byLower.set(lower, [name, value]);
  }
  return Object.fromEntries(byLower.values());
}
