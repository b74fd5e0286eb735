/** What every command gets: the process view, output, prompts, and the vault composed for this run. */
import type { ScanWorkerEntry } from '../scan/scan-pool';
import type { Vault } from '../vault/types';
import type { Audit } from '../audit/types';
import type { CliIo } from './cli-io';
import type { Output } from './output';
import type { Prompter } from './prompt';

export interface CliContext {
  readonly io: CliIo;
  readonly out: Output;
  readonly prompter: Prompter;
  readonly home: string;
  readonly vault: Vault;
  /** Where `signet scan`'s worker threads load from; null: scan on the main thread. */
  readonly scanWorker?: ScanWorkerEntry | null;
  /** The audit log over this vault (audit-service.ts). */
  readonly audit: Audit;
}
