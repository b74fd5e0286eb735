/**
 * `signet scan DIR…`: every secret held in the vault (in every encoding) and the known key formats, in the files under
 * DIR (.gitignore respected unless --no-gitignore) or, with --staged, in what git is about to commit — so it works as
 * a pre-commit hook. Findings never show a secret: the entry's label or the rule, and a masked excerpt.
 *
 * Exit codes: 0 nothing found, 1 something found, 2 the scan could not run (no such folder, not a git repository for
 * --staged, no vault or a vault that cannot be unlocked, a bad flag). 1 means "found" here, so every failure is 2
 * (`failureExitCode`), and a hook or a script can tell a leak from a broken scan.
 */
import { isAppError, AppError } from '../../base/errors';
import type { ScanFinding } from '../../contract/scan';
import { RULES } from '../../scan/rules';
import { scanRunEvent } from '../../audit/scan-runs';
import { ScanService, type RootedFinding } from '../../scan/scan-service';
import { MIN_SECRET_LENGTH } from '../../scan/secret-forms';
import { flag, usageError } from '../args';
import type { Command } from '../command';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../exit-code';
import { ensureUnlocked } from '../unlock';

/** Skips listed one by one on stderr (the rest are counted; --json lists up to 500). */
const LISTED_SKIPS = 20;

function what(f: ScanFinding): string {
  if (f.kind === 'rule') return f.title;
  const slot = f.slot === 'current' ? '' : f.slot === 'next' ? ', new key' : ', previous key';
  return `${f.label} (${f.field}${slot}, ${f.encoding})`;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const scan: Command = {
  name: 'scan',
  summary: 'Look for the vault\u2019s secrets and known key formats in files (or what git is about to commit)',
  synopsis: 'scan DIR\u2026 [--staged] [--no-gitignore] [--no-vault] | scan --rules',
  details: [
    '  DIR…            folders (or files) to scan; `.` for the current one',
    '  --staged        scan what `git commit` would record (the staged blobs, not the working tree): for a',
    '                  pre-commit hook, `.git/hooks/pre-commit` containing `exec signet scan --staged .`',
    '  --no-gitignore  also scan what .gitignore files exclude (.git itself is never scanned)',
    '  --no-vault      only the known key formats; no vault needed (CI without Signet\u2019s vault)',
    '  --rules         list the known key formats and exit',
    '',
    'Looked for: every vault key\u2019s secret, passphrase, private key, AWS secret key and session token, and its',
    `API key or access key id, as text, JSON-escaped, URL-encoded, hex, base64 and base64url, and split across a`,
    `NAME=value / "name": "value" pair (quotes, + concatenation, \\ continuations); values under ${MIN_SECRET_LENGTH}`,
    'characters are not looked for. Binary files, links, FIFOs and unreadable files are skipped and counted.',
    'Findings name the vault key by label (or the rule) and show the match masked (••••3f9a); never a secret.',
    '',
    'Exit codes: 0 nothing found, 1 something found, 2 the scan could not run (see docs/scan.md).',
  ].join('\n'),
  options: { staged: { type: 'boolean' }, 'no-gitignore': { type: 'boolean' }, 'no-vault': { type: 'boolean' }, rules: { type: 'boolean' } },
  positionals: { min: 0, max: 4096, names: ['dir'] },
  failureExitCode: EXIT_BAD_INPUT,
  async run(ctx, { values, positionals }) {
    const { out } = ctx;
    if (flag(values, 'rules')) {
      if (out.json) out.result(RULES);
      else out.table(RULES, [
        { header: 'RULE', value: (r) => r.id },
        { header: 'FINDS', value: (r) => r.title },
      ]);
      return EXIT_OK;
    }
    if (positionals.length === 0) throw usageError('`signet scan` needs at least one DIR, e.g. `signet scan .` (see `signet scan --help`).');
    const useVault = !flag(values, 'no-vault');
    if (useVault) {
      try {
        await ensureUnlocked(ctx);
      } catch (e) {
        if (isAppError(e) && e.code === 'ERR_VAULT_NOT_FOUND') throw new AppError(e.code, `${e.message} To look for the known key formats only, add --no-vault.`);
        throw e;
      }
    }
    const service = new ScanService({ vault: ctx.vault, worker: ctx.scanWorker ?? null });
    const report = await service
      .run({
        roots: positionals,
        gitignore: !flag(values, 'no-gitignore'),
        staged: flag(values, 'staged'),
        vault: useVault,
      })
      .finally(() => service.close());
    const { summary } = report;
    // "Scans run" in the audit log: the figures only (queued while the vault is locked). A log that cannot take the
    // line does not change what the scan found: said on stderr, the exit code stays the scan's.
    await ctx.audit.record(scanRunEvent(summary)).catch((e: unknown) => ctx.io.stderr.write(`signet: this scan was not recorded in the audit log: ${e instanceof Error ? e.message : String(e)}\n`));
    const strip = ({ root: _root, ...f }: RootedFinding): ScanFinding => f as ScanFinding;
    if (out.json) {
      out.result({ summary, findings: report.findings.map(strip), skipped: report.skipped.map(({ root: _root, ...s }) => s) });
      return summary.findings > 0 ? EXIT_FAILED : EXIT_OK;
    }
    if (report.findings.length > 0) {
      out.table<ScanFinding>(report.findings.map(strip), [
        { header: 'WHERE', value: (f) => `${f.path}:${f.line}:${f.column}` },
        { header: 'FOUND', value: what, paint: (f) => (f.kind === 'vault' ? out.red : out.yellow) },
        { header: 'EXCERPT', value: (f) => f.excerpt },
      ]);
    }
    for (const s of report.skipped.filter((k) => k.reason !== 'binary' && k.reason !== 'symlink').slice(0, LISTED_SKIPS)) {
      out.note(`skipped ${s.path}: ${s.detail}`);
    }
    const skippedBy = Object.entries(summary.skippedByReason).map(([reason, n]) => `${n} ${reason}`);
    const vaultPart = useVault ? `${plural(summary.secrets, 'vault secret')} looked for` : 'vault not used';
    const found = summary.findings === 0 ? 'nothing found' : plural(summary.findings, 'finding');
    out.note(
      `${summary.staged ? 'Scanned the staged version of' : 'Scanned'} ${plural(summary.files, 'file')} (${size(summary.bytes)}) in ${(summary.durationMs / 1000).toFixed(1)} s, ${vaultPart}: ${found}.` +
        (summary.skipped ? ` Skipped ${plural(summary.skipped, 'file')} (${skippedBy.join(', ')}).` : ''),
    );
    if (summary.findings > 0) out.note('Rotate each key found (signet rotate ENTRY), then remove it from the files and their history.');
    return summary.findings > 0 ? EXIT_FAILED : EXIT_OK;
  },
};
