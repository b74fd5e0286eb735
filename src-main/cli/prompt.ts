/**
 * Terminal prompts on node:readline. Hidden input works by giving readline an output stream we can mute: in
 * terminal mode readline puts the TTY in raw mode and echoes keystrokes itself, so muting that stream hides
 * them (a non-terminal readline would leave echo to the TTY, which would show the passphrase).
 *
 * One readline interface per run, with its lines queued, so answers piped in together are not lost between prompts.
 */
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../base/errors';
import type { CliIo } from './cli-io';

type Waiter = { resolve: (line: string) => void; reject: (e: Error) => void };

const cancelled = (why: string): AppError => new AppError('ERR_CANCELLED', why);

export class Prompter {
  private rl: Interface | null = null;
  private muted = false;
  private ended = false;
  private stdinUsed = false;
  private readonly lines: string[] = [];
  private readonly waiters: Waiter[] = [];

  constructor(private readonly io: CliIo) {}

  /** A person can be asked: a terminal, and stdin was not already read for something else. */
  get canPrompt(): boolean {
    // Lines already read (answers piped in ahead of the questions) can still be handed out after input ended.
    return this.io.isTTY && !this.stdinUsed && (!this.ended || this.lines.length > 0);
  }

  /** stdin was read to its end for data (`--credentials -`), so it cannot answer a prompt. */
  get stdinConsumed(): boolean {
    return this.stdinUsed;
  }

  /** Reads all of stdin (e.g. `--credentials -`); afterwards nothing can be prompted. */
  async readAll(maxBytes: number): Promise<string> {
    if (this.rl) throw new Error('stdin is already in use by prompts');
    this.stdinUsed = true;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.io.stdin) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      size += b.byteLength;
      if (size > maxBytes) throw new AppError('ERR_VALIDATION', `Standard input is larger than ${maxBytes} bytes; that is not a credentials file.`);
      chunks.push(b);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async ask(question: string, opts: { hidden?: boolean } = {}): Promise<string> {
    if (!this.canPrompt) throw cancelled('Cannot ask for input here: this is not an interactive terminal.');
    this.interface();
    this.io.stderr.write(question);
    this.muted = opts.hidden === true;
    try {
      return await this.nextLine();
    } finally {
      // The Enter key's echo was muted too.
      if (this.muted) this.io.stderr.write('\n');
      this.muted = false;
    }
  }

  async confirm(question: string): Promise<boolean> {
    const answer = (await this.ask(`${question} [y/N] `)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  }

  close(): void {
    this.rl?.close();
    this.rl = null;
  }

  private interface(): Interface {
    if (this.rl) return this.rl;
    const stderr = this.io.stderr;
    const echo = new Writable({
      write: (chunk: Buffer | string, _enc, cb) => {
        if (!this.muted) stderr.write(chunk);
        cb();
      },
    });
    const terminal = Boolean((this.io.stdin as { isTTY?: boolean }).isTTY);
    const rl = createInterface({ input: this.io.stdin, output: echo, terminal, historySize: 0 });
    rl.on('line', (line) => {
      const w = this.waiters.shift();
      if (w) w.resolve(line);
      else this.lines.push(line);
    });
    rl.on('close', () => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w.reject(cancelled('Input ended before an answer was given.'));
    });
    // Ctrl-C in raw mode arrives here rather than as a signal.
    rl.on('SIGINT', () => {
      stderr.write('\n');
      for (const w of this.waiters.splice(0)) w.reject(cancelled('Cancelled.'));
      this.close();
      this.ended = true;
    });
    this.rl = rl;
    return rl;
  }

  private nextLine(): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(cancelled('Input ended before an answer was given.'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
}
