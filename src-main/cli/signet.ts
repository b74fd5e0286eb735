/**
 * `signet`: the thin process entry. Everything else is in run.ts so tests drive the same code in-process.
 */
import pkg from '../../package.json' with { type: 'json' };
import { run } from './run';

// `signet vault list | head` closes the pipe early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

const isTTY = Boolean(process.stdin.isTTY && process.stderr.isTTY);

run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
}, { version: pkg.version }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`signet: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
