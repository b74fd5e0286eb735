/** Formats zod issues as one line a person can act on: `label: Give the key a label.; environment: …`. */
import type { z } from 'zod';

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
