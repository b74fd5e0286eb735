/**
 * How a rotation sends its signed calls: through the egress (allowlist, rate limits, inspector records), signed with
 * one of the entry's credential slots. The answer's body comes back unmasked to main only (a created key's secret is
 * in it); the inspector's record of it is masked as every record is.
 */
import type { Egress } from '../http/egress';
import type { CredentialSlot } from '../vault/rotation-edits';

export interface SignedCall {
  readonly method: string;
  readonly url: string;
  readonly body: string | null;
  readonly headers?: readonly { name: string; value: string }[];
}

export interface CallAnswer {
  /** null when nothing was answered (refused, timed out, connection failed). */
  readonly status: number | null;
  readonly body: string;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The inspector record of the call. */
  readonly recordId: string;
}

export interface SignedCaller {
  call(entryId: string, slot: CredentialSlot, request: SignedCall): Promise<CallAnswer>;
}

export function egressCaller(egress: Pick<Egress, 'sendInternal'>): SignedCaller {
  return {
    async call(entryId, slot, r) {
      const { record, body } = await egress.sendInternal({ entryId, method: r.method, url: r.url, headers: (r.headers ?? []).map((h) => ({ ...h })), body: r.body }, slot);
      return { status: record.status, body: body ?? '', error: record.error, recordId: record.id };
    },
  };
}
