/**
 * The CLI's view of its process: streams, environment and whether a person is at a terminal. `run()` takes one
 * of these instead of touching `process`, so tests drive the real CLI in-process with their own streams.
 */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A person can answer prompts (stdin and stderr are a terminal). */
  readonly isTTY: boolean;
  /** stdout is a terminal (colours, tables). Defaults to `isTTY`. */
  readonly stdoutIsTTY?: boolean;
}
