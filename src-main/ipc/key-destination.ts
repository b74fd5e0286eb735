/**
 * Where a key may send its credentials is widened only by the person, never by the page: a base URL outside the
 * provider's documented hosts (https on 443) is confirmed in a main-process dialog before the vault stores it, and
 * one no key of the provider may have (plain http for an exchange's key) is refused outright. The egress holds every
 * request to the stored base URL (host-allowlist.ts); this is the gate in front of storing it.
 */
import type { Confirm } from '../base/confirm';
import { requireConfirmation } from '../base/confirm';
import { AppError } from '../base/errors';
import { providerInfo } from '../contract/providers';
import type { Credentials, EntryDetail, EntryInput, EntryPatch, ImportPreview } from '../contract/schemas';
import { awsScopeOf, baseUrlProblem, documentedHosts, needsConfirmation, type AllowContext } from '../http/host-allowlist';
import { sendsKeyUnsigned } from '../signing/scheme-for-provider';

interface Destination {
  readonly provider: string;
  readonly baseUrl: string;
  readonly label: string;
  readonly environment: string;
  readonly aws: AllowContext['aws'];
}

/** What a key carries to its destination, in words (its secret never travels, but what it signs and sends does). */
function carried(provider: string): string {
  const info = providerInfo(provider);
  const fields = new Set(info?.required.flat() ?? []);
  for (const f of info?.optional ?? []) fields.add(f);
  const extra = [fields.has('passphrase') && 'its passphrase', fields.has('sessionToken') && 'its session token'].filter(Boolean).join(' and ');
  if (sendsKeyUnsigned(provider)) return 'the API key itself, which is this key’s whole secret';
  return `its API key and a signature on every request${extra ? `, and ${extra}` : ''}`;
}

async function confirmDestination(confirm: Confirm, d: Destination, isNew: boolean): Promise<void> {
  const problem = baseUrlProblem(d.provider, d.baseUrl);
  if (problem) throw new AppError('ERR_VALIDATION', `Base URL: ${problem}`);
  if (!needsConfirmation(d.provider, d.baseUrl, d.aws)) return;
  const origin = new URL(d.baseUrl).origin;
  const name = providerInfo(d.provider)?.name ?? d.provider;
  const documented = documentedHosts(d.provider, d.aws);
  await requireConfirmation(
    confirm,
    {
      title: 'Allow a new destination for this key?',
      message: `Let the ${name} key “${d.label}” send to ${origin}`,
      detail: [
        `Destination: ${origin}`,
        `Key: ${d.label} (${name}, ${d.environment})`,
        `Documented ${name} hosts: ${documented.length ? documented.join(', ') : 'none (any address is your own choice)'}`,
        `What goes there: ${carried(d.provider)}.`,
        '',
        'Allow it only if you set this address yourself. Signet shows it on the key from now on.',
      ].join('\n'),
      confirmLabel: 'Allow',
    },
    isNew
      ? `The key “${d.label}” was not added: sending it to ${origin} was not allowed. Add it without that base URL, or allow it when Signet asks.`
      : `Nothing was changed: sending the key “${d.label}” to ${origin} was not allowed, so its base URL stays as it was.`,
  );
}

/** AWS region and service from credentials being typed in. */
const awsFrom = (c: Partial<Record<keyof Credentials, string | null | undefined>>): AllowContext['aws'] => ({ region: c.region ?? null, service: c.service ?? null });

/** Before `vault:add`: a base URL given with the new key is checked and, if it widens where the key goes, confirmed. */
export async function confirmNewKeyDestination(confirm: Confirm, input: EntryInput): Promise<void> {
  if (!input.baseUrl) return;
  await confirmDestination(confirm, { provider: input.provider, baseUrl: input.baseUrl, label: input.label, environment: input.environment, aws: awsFrom(input.credentials) }, true);
}

/**
 * Before `vault:update`: whenever the change leaves the key with a base URL and changes what that URL means (the URL
 * itself, the provider, an AWS key's region or service), it is checked as if it were new.
 */
export async function confirmChangedDestination(confirm: Confirm, current: EntryDetail, patch: EntryPatch): Promise<void> {
  const meta = patch.meta ?? {};
  const baseUrl = meta.baseUrl === undefined ? current.baseUrl : meta.baseUrl;
  if (!baseUrl) return;
  const provider = meta.provider ?? current.provider;
  const shown = awsScopeOf(current);
  const creds = patch.credentials ?? {};
  const aws = { region: creds.region === undefined ? (shown?.region ?? null) : creds.region, service: creds.service === undefined ? (shown?.service ?? null) : creds.service };
  const changed = baseUrl !== current.baseUrl || provider !== current.provider || creds.region !== undefined || creds.service !== undefined;
  if (!changed) return;
  await confirmDestination(confirm, { provider, baseUrl, label: meta.label ?? current.label, environment: meta.environment ?? current.environment, aws }, false);
}

/**
 * Before `vault:import`: a backup may come from anywhere, and its keys' base URLs are widened destinations like any
 * other. One that no key of its provider may have stops the import; the others outside their providers' documented
 * hosts are listed in one question. Nothing is imported unless the person says yes.
 */
export async function confirmImportedDestinations(confirm: Confirm, destinations: ImportPreview['destinations']): Promise<void> {
  for (const d of destinations) {
    const problem = baseUrlProblem(d.provider, d.baseUrl);
    if (problem) throw new AppError('ERR_VALIDATION', `Nothing was imported: the backup's key “${d.label}” has a base URL no ${providerInfo(d.provider)?.name ?? d.provider} key may have (${d.baseUrl}). ${problem}`);
  }
  const asked = destinations.filter((d) => needsConfirmation(d.provider, d.baseUrl, { region: d.region, service: d.service }));
  if (asked.length === 0) return;
  const one = asked.length === 1;
  await requireConfirmation(
    confirm,
    {
      title: 'Import keys that send to their own addresses?',
      message: one ? `The backup's key “${asked[0]!.label}” sends to ${new URL(asked[0]!.baseUrl).origin}` : `${asked.length} keys in the backup send to addresses outside their providers' APIs`,
      detail: [
        ...asked.map((d) => `${d.label} (${providerInfo(d.provider)?.name ?? d.provider}, ${d.environment}) → ${new URL(d.baseUrl).origin}`),
        '',
        `Every request signed with ${one ? 'this key' : 'these keys'} will go there. Import only if you set ${one ? 'this address' : 'these addresses'} yourself.`,
      ].join('\n'),
      confirmLabel: 'Import',
    },
    `Nothing was imported: ${one ? `the key “${asked[0]!.label}” sends` : `${asked.length} keys send`} to an address you did not allow. Choose the backup again to import it.`,
  );
}
