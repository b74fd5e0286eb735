/**
 * Everything the CLI prints goes through here, so the two modes stay honest: with `--json` stdout carries exactly
 * one JSON value (the result, or `{code, message}` on failure); otherwise people get aligned tables and one-line
 * errors on stderr. Colours only on a terminal and only when NO_COLOR is unset (https://no-color.org).
 */
import type { ErrorDto } from '../contract/errors';
import type { CliIo } from './cli-io';
import { printable } from './args';

export type Paint = (s: string) => string;

const ansi =
  (open: number, close: number): Paint =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;
const plain: Paint = (s) => s;

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  readonly paint?: (row: T) => Paint;
}

export class Output {
  readonly color: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly yellow: Paint;
  readonly green: Paint;
  private wroteJson = false;

  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
  ) {
    this.color = !json && (io.stdoutIsTTY ?? io.isTTY) && !io.env.NO_COLOR;
    const pick = (p: Paint): Paint => (this.color ? p : plain);
    this.bold = pick(ansi(1, 22));
    this.dim = pick(ansi(2, 22));
    this.red = pick(ansi(31, 39));
    this.yellow = pick(ansi(33, 39));
    this.green = pick(ansi(32, 39));
  }

  /** The one JSON value of a `--json` run. */
  result(value: unknown): void {
    if (this.wroteJson) throw new Error('a --json run prints exactly one value');
    this.wroteJson = true;
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Human output on stdout; nothing in --json mode. */
  line(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** Progress and hints for people, on stderr so piped stdout stays clean; silent with --json. */
  note(text: string): void {
    if (!this.json) this.io.stderr.write(`${text}\n`);
  }

  /** Warnings are worth seeing even in --json mode; stderr keeps stdout a single JSON value. */
  warn(text: string): void {
    this.io.stderr.write(`signet: warning: ${text}\n`);
  }

  error(err: ErrorDto): void {
    if (this.json) {
      if (!this.wroteJson) this.result({ code: err.code, message: err.message });
      return;
    }
    this.io.stderr.write(`signet: ${oneLine(err.message)}\n`);
  }

  table<T>(rows: readonly T[], columns: readonly Column<T>[]): void {
    const cells = rows.map((r) => columns.map((c) => printable(c.value(r))));
    const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
    // Paint the text, never the padding, so alignment and trailing-space trimming see plain spaces.
    const render = (texts: readonly string[], paints: readonly Paint[]) =>
      texts
        .map((t, i) => (t ? paints[i]!(t) : '') + (i === texts.length - 1 ? '' : ' '.repeat(widths[i]! - t.length)))
        .join('  ')
        .trimEnd();
    this.line(render(columns.map((c) => c.header), columns.map(() => this.bold)));
    rows.forEach((row, r) => this.line(render(cells[r]!, columns.map((c) => (c.paint ? c.paint(row) : plain)))));
  }

  /** `key: value` lines with the keys aligned. */
  fields(pairs: readonly (readonly [string, string])[]): void {
    const w = Math.max(...pairs.map(([k]) => k.length));
    for (const [k, v] of pairs) this.line(`${this.dim(`${k}:`.padEnd(w + 1))} ${v}`);
  }
}

export function oneLine(s: string): string {
  return printable(s.replace(/\s*\n\s*/g, ' '));
}
