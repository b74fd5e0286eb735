/** Bad input to a signer: names the field and what is expected (the CLI exits 2 with this one line). */
import { AppError } from '../base/errors';

export function signingInputError(field: string, expected: string): AppError {
  return new AppError('ERR_SIGNING_INPUT', `${field}: ${expected}`);
}
