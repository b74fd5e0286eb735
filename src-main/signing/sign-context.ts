/**
 * Checks on the SignContext that several schemes share: options a scheme does not take are refused (types.ts says
 * unknown keys are refused, so a typo never silently signs something else), and the timestamp must be epoch ms.
 */
import { signingInputError } from './signing-error';
import type { SignContext } from './types';

const NO_OPTIONS: Readonly<Record<string, string>> = Object.freeze({});

/** The scheme's options; throws ERR_SIGNING_INPUT naming the first option the scheme does not take. */
export function readOptions<K extends string>(ctx: Pick<SignContext, 'options'>, allowed: readonly K[], schemeId: string): Partial<Record<K, string>> {
  const options = ctx.options;
  if (options === undefined) return NO_OPTIONS as Partial<Record<K, string>>;
  for (const key of Object.keys(options)) {
    if (!(allowed as readonly string[]).includes(key)) {
      throw signingInputError(`option ${key}`, allowed.length ? `the ${schemeId} scheme takes only ${allowed.join(', ')}` : `the ${schemeId} scheme takes no options`);
    }
  }
  return options as Partial<Record<K, string>>;
}

/** The context's timestamp, checked: a finite, non-negative number of epoch milliseconds. */
export function epochMs(ctx: Pick<SignContext, 'timestamp'>): number {
  if (!Number.isFinite(ctx.timestamp) || ctx.timestamp < 0 || ctx.timestamp > 8.64e15) throw signingInputError('timestamp', 'expected epoch milliseconds, like 1764300000000');
  return Math.floor(ctx.timestamp);
}
