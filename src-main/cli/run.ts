/**
 * The CLI's composition root: argv in, exit code out. Composes the same VaultService the app uses, with the OS
 * keyring as its OS slot, and catches everything so a person sees one line (or one JSON value), never a stack.
 */
import { isAppError } from '../base/errors';
import { createLogger, silentLogger } from '../base/logger';
import { defaultHome } from '../base/home';
import type { ScryptParams } from '../vault/crypto';
import { KeyringSlot } from '../vault/slots/keyring-slot';
import type { OsSlotProvider, Vault } from '../vault/types';
import { VaultService } from '../vault/vault-service';
import { AuditService } from '../audit/audit-service';
import type { Audit } from '../audit/types';
import { parseCommandArgs, printable, usageError } from './args';
import type { CliIo } from './cli-io';
import type { Command } from './command';
import type { CliContext } from './context';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, exitCodeFor } from './exit-code';
import { Output } from './output';
import { Prompter } from './prompt';
import { vaultAdd } from './commands/vault-add';
import { vaultExport } from './commands/vault-export';
import { vaultImport } from './commands/vault-import';
import { vaultInit } from './commands/vault-init';
import { vaultList } from './commands/vault-list';
import { vaultOsSlot } from './commands/vault-os-slot';
import { vaultPasswd } from './commands/vault-passwd';
import { vaultRm } from './commands/vault-rm';
import { vaultRegister } from './commands/vault-register';
import { vaultShow } from './commands/vault-show';
import { vaultStatus } from './commands/vault-status';
import { sign } from './commands/sign';
import { verify } from './commands/verify';
import { sandbox } from './commands/sandbox';
import { request } from './commands/request';
import { debug } from './commands/debug';
import { keygen } from './commands/keygen';
import { rotate } from './commands/rotate';
import { rotationList } from './commands/rotation-list';
import { rotationPolicy } from './commands/rotation-policy';
import { scan } from './commands/scan';
import { scanWorkerNextTo, type ScanWorkerEntry } from '../scan/scan-pool';
import { auditVerify } from './commands/audit-verify';
import { auditList } from './commands/audit-list';
import { auditExport } from './commands/audit-export';
import { auditReset } from './commands/audit-reset';

export const VAULT_COMMANDS: readonly Command[] = [
  vaultInit,
  vaultStatus,
  vaultList,
  vaultAdd,
  vaultShow,
  vaultRegister,
  vaultRm,
  vaultExport,
  vaultImport,
  vaultPasswd,
  vaultOsSlot,
];

/** Top-level commands (`signet sign`, `signet verify`). */
export const SIGNING_COMMANDS: readonly Command[] = [sign, verify, debug, request, sandbox, keygen, rotate];

/** `signet scan`: leak scanning. */
export const SCAN_COMMANDS: readonly Command[] = [scan];

const TOP_COMMANDS: readonly Command[] = [...SIGNING_COMMANDS, ...SCAN_COMMANDS];

/** `signet rotation …` */
export const ROTATION_COMMANDS: readonly Command[] = [rotationList, rotationPolicy];

/** `signet audit …` */
export const AUDIT_COMMANDS: readonly Command[] = [auditVerify, auditList, auditExport, auditReset];

/** Commands under a namespace word: `signet vault list`, `signet rotation policy`, `signet audit verify`. */
const NAMESPACES: Readonly<Record<string, readonly Command[]>> = { vault: VAULT_COMMANDS, rotation: ROTATION_COMMANDS, audit: AUDIT_COMMANDS };

export interface RunOptions {
  readonly version?: string;
  /** scrypt cost for new passphrase slots; tests pass a small N. The product never sets it. */
  readonly kdf?: ScryptParams;
  /** The OS slot provider; defaults to the OS keyring. `null` disables the OS slot. */
  readonly osSlot?: OsSlotProvider | null;
  /** Where `signet scan` loads its worker threads from; defaults to next to this file (or its bundle). null: none. */
  readonly scanWorker?: ScanWorkerEntry | null;
}

const ENV_HELP = [
  'Environment:',
  '  SIGNET_HOME                where the vault lives (default: the app\'s data folder, shared with Signet)',
  '  SIGNET_PASSPHRASE          unlocks the vault without a prompt (and sets it at `vault init`)',
  '  SIGNET_NEW_PASSPHRASE      the new passphrase for `vault passwd`',
  '  SIGNET_BACKUP_PASSPHRASE   the backup passphrase for `vault export` / `vault import`',
  '  SIGNET_ACCEPT_ROLLBACK     open a vault file older than the newest one Signet saw here: set it to the',
  '                             generation the refusal names (without a terminal; on one, Signet asks)',
  '  NO_COLOR                   no colours',
  '  SIGNET_DEBUG               log what the vault does to stderr (never secrets)',
  '',
  'Unlocking: SIGNET_PASSPHRASE if set; else the OS keyring slot if the vault has one; else a prompt on a',
  'terminal. An older vault file put back (a copy, vault.json.bak) is refused until you choose to open it.',
  'Exit codes: 0 ok, 1 a check failed (wrong passphrase, tampered, older or locked vault, a tampered audit log), 2 bad input;',
  '`signet scan`: 0 nothing found, 1 something found, 2 the scan could not run.',
].join('\n');

function mainUsage(): string {
  return [
    'signet: Signet\'s command line, over the same offline key vault as the app.',
    '',
    'Usage: signet vault <command> [options] [--json]',
    '       signet sign|verify|debug|sandbox [options] [--json]',
    '       signet request --key ENTRY --method M --url URL [options] [--json]',
    '       signet keygen --type ed25519|rsa|p256 --label L --provider P --env E [--json]',
    '       signet rotate ENTRY [--overlap DURATION] [--json]',
    '       signet rotation list [--due] | policy ENTRY --every 90d [--warn 14d] [--expires DATE] [--json]',
    '       signet scan DIR… [--staged] [--no-gitignore] [--no-vault] [--json]',
    '       signet audit verify | list [--since DATE|DURATION] [--key ENTRY] [--type T] | export --format jsonl|csv --out FILE [--json]',
    '       signet --help | --version',
    '',
    vaultCommandList(),
    '',
    signingCommandList(),
    '',
    namespaceCommandList('rotation', 'Rotation commands (signet rotation …):'),
    '',
    `Leak scanning:\n${SCAN_COMMANDS.map((c) => `  ${c.name}   ${c.summary}`).join('\n')}`,
    '',
    namespaceCommandList('audit', 'Audit log commands (signet audit …):'),
    '',
    'Every command takes --json (one JSON value on stdout, {code, message} on failure) and --help.',
    '',
    ENV_HELP,
  ].join('\n');
}

function vaultCommandList(): string {
  const w = Math.max(...VAULT_COMMANDS.map((c) => c.name.length));
  return ['Vault commands:', ...VAULT_COMMANDS.map((c) => `  ${c.name.padEnd(w)}   ${c.summary}`)].join('\n');
}

function signingCommandList(): string {
  const w = Math.max(...SIGNING_COMMANDS.map((c) => c.name.length));
  return ['Signing, sending and the sandbox exchange:', ...SIGNING_COMMANDS.map((c) => `  ${c.name.padEnd(w)}   ${c.summary}`)].join('\n');
}

function namespaceCommandList(ns: string, title: string): string {
  const commands = NAMESPACES[ns] ?? [];
  const w = Math.max(...commands.map((c) => c.name.length));
  return [title, ...commands.map((c) => `  ${c.name.padEnd(w)}   ${c.summary}`)].join('\n');
}

function namespaceUsage(ns: string): string {
  const list = ns === 'vault' ? vaultCommandList() : namespaceCommandList(ns, 'Commands:');
  return [`Usage: signet ${ns} <command> [options] [--json]`, '', list, '', `Run \`signet ${ns} <command> --help\` for its options.`].join('\n');
}

function commandUsage(c: Command, prefix: string): string {
  return [`Usage: signet ${prefix}${c.synopsis} [--json]`, '', c.summary + '.', '', c.details, '', ENV_HELP].join('\n');
}

/** `--json` decides the error format, so it is found before parsing (which may be what fails). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

export async function run(argv: readonly string[], io: CliIo, opts: RunOptions = {}): Promise<number> {
  const out = new Output(io, wantsJson(argv));
  const prompter = new Prompter(io);
  let vault: Vault | undefined;
  let running: Command | undefined;
  try {
    // --json may come anywhere (`signet --json vault list`); it was read above, so dispatch without it.
    const end = argv.indexOf('--');
    const words = argv.filter((a, i) => a !== '--json' || (end >= 0 && i > end));
    const [namespace, sub, ...rest] = words;
    if (namespace === undefined) {
      if (out.json) throw usageError('Missing command. Run `signet --help` for the commands.');
      io.stderr.write(`${mainUsage()}\n`);
      return EXIT_BAD_INPUT;
    }
    if (namespace === '--help' || namespace === '-h' || namespace === 'help') {
      io.stdout.write(`${mainUsage()}\n`);
      return EXIT_OK;
    }
    if (namespace === '--version' || namespace === '-V') {
      io.stdout.write(out.json ? `${JSON.stringify({ version: opts.version ?? 'unknown' })}\n` : `signet ${opts.version ?? 'unknown'}\n`);
      return EXIT_OK;
    }
    const top = TOP_COMMANDS.find((c) => c.name === namespace);
    const group = Object.hasOwn(NAMESPACES, namespace) ? NAMESPACES[namespace] : undefined;
    if (!group && !top) {
      throw usageError(`Unknown command "${printable(namespace)}". Run \`signet --help\` for the commands.`);
    }
    if (top) return await runCommand(top, '', [sub, ...rest].filter((a): a is string => a !== undefined));
    const commands = group as readonly Command[];
    if (sub === undefined) {
      if (out.json) throw usageError(`Missing ${namespace} command. Run \`signet ${namespace} --help\` for the commands.`);
      io.stderr.write(`${namespaceUsage(namespace)}\n`);
      return EXIT_BAD_INPUT;
    }
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout.write(`${namespaceUsage(namespace)}\n`);
      return EXIT_OK;
    }
    const command = commands.find((c) => c.name === sub);
    if (!command) {
      throw usageError(`Unknown command "${namespace} ${printable(sub)}". Commands: ${commands.map((c) => c.name).join(', ')}.`);
    }
    return await runCommand(command, `${namespace} `, rest);
  } catch (e) {
    if (isAppError(e)) {
      out.error(e.toDto());
      return running?.failureExitCode ?? exitCodeFor(e.code);
    }
    const message = e instanceof Error ? e.message : String(e);
    out.error({ code: 'ERR_INTERNAL', message: `Unexpected error: ${message}` });
    return running?.failureExitCode ?? EXIT_FAILED;
  } finally {
    prompter.close();
    // Locking wipes the keys and writes pending "last used" times and audit events; a vault that stayed locked still
    // queues what this command recorded (a refused signature) for the next unlock.
    if (vault?.isUnlocked()) await vault.lock({ reason: 'command-done' }).catch(() => undefined);
    else await vault?.flush().catch(() => undefined);
  }

  async function runCommand(command: Command, prefix: string, rest: readonly string[]): Promise<number> {
    running = command;
    const args = parseCommandArgs(`${prefix}${command.name}`, rest, command.options, command.positionals);
    if (args.values.help) {
      io.stdout.write(`${commandUsage(command, prefix)}\n`);
      return EXIT_OK;
    }

    const home = defaultHome(io.env as NodeJS.ProcessEnv);
    const logger = io.env.SIGNET_DEBUG ? createLogger((line) => io.stderr.write(`${line}\n`), 'debug') : silentLogger;
    vault = new VaultService({
      home,
      osSlot: opts.osSlot === undefined ? new KeyringSlot() : opts.osSlot,
      logger,
      // A CLI run is short; the idle timer would only keep the process alive.
      autoLockMinutes: 0,
      actor: 'cli',
      ...(opts.kdf && { kdf: opts.kdf }),
    });
    const audit: Audit = new AuditService({ chain: vault });
    const ctx: CliContext = { io, out, prompter, home, vault, audit, scanWorker: opts.scanWorker === undefined ? scanWorkerNextTo(import.meta.url) : opts.scanWorker };
    return (await command.run(ctx, args)) ?? EXIT_OK;
  }
}
