/** Every scheme by id. The ids are part of the CLI and library contract. */
import { AppError } from '../base/errors';
import { hmacScheme } from './schemes/hmac';
import { exchangeSchemesA } from './schemes/group-exchanges-a';
import { exchangeSchemesB } from './schemes/group-exchanges-b';
import { recipeScheme } from './schemes/recipe';
import type { Scheme } from './types';

export const SCHEMES: readonly Scheme[] = [hmacScheme, ...exchangeSchemesA, ...exchangeSchemesB, recipeScheme];

export function getScheme(id: string): Scheme {
  const scheme = SCHEMES.find((s) => s.id === id);
  if (!scheme) throw new AppError('ERR_UNKNOWN_SCHEME', `Unknown scheme "${id}". Use one of: ${SCHEMES.map((s) => s.id).join(', ')}.`);
  return scheme;
}
