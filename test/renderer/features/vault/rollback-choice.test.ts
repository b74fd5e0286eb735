import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../src-main/contract/errors';
import { rollbackChoiceFor } from '../../../../src-renderer/features/vault/rollback-choice';

describe('the lock screen choice for an older vault file', () => {
  it('offers to open an older version only for the two refusals that are the user’s choice', () => {
    expect(rollbackChoiceFor('ERR_VAULT_ROLLBACK')).toMatchObject({ title: 'This is an older copy of your vault', accept: 'Open this older version' });
    expect(rollbackChoiceFor('ERR_VAULT_SEEN_INVALID')?.accept).toBe('Open this version anyway');
    const others = ERROR_CODES.filter((c) => c !== 'ERR_VAULT_ROLLBACK' && c !== 'ERR_VAULT_SEEN_INVALID');
    for (const code of others) expect(rollbackChoiceFor(code), code).toBeNull();
    expect(rollbackChoiceFor(null)).toBeNull();
  });
});
