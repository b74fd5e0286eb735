import { defineConfig } from 'vitest/config';

/**
 * Tests whose subject runs in another process, or that need an OS daemon, and the debugger's longest property run: exported code run by bash/tsx/python3, the
 * CLI run as a child process (from source or built), builds run by the test, writers SIGKILLed in a loop, processes
 * racing for a lock, a real gnome-keyring in a private D-Bus session. They stay next to the source they test and are
 * listed here by path; everything else under test/main and test/renderer runs in-process in `unit`.
 * Measured on the 2-core dev machine (vitest json reporter): these files took ≈ 220 s of the unit run's ≈ 340 s.
 */
const INTEGRATION = [
  // Generated curl/fetch/Python code run with bash, tsx and python3 against a loopback server.
  'test/main/signing/export-*.test.ts',
  // The built out/cli/signet.js (built by the test if missing) against a private gnome-keyring.
  'test/main/cli/signet-built.test.ts',
  // The built `signet scan` with its worker file, and as a git pre-commit hook.
  'test/main/cli/scan-built.test.ts',
  // `signet sandbox` spawned from source with tsx, stopped by signal.
  'test/main/cli/sandbox.test.ts',
  // The built out/lib/signing.js (vite build) imported by a separate node process.
  'test/main/lib/signing-built.test.ts',
  // Real gnome-keyring + dbus-daemon; a second process reads the slot.
  'test/main/vault/keyring-slot.test.ts',
  // A writer process SIGKILLed in a loop.
  'test/main/vault/vault-crash.test.ts',
  // Lock contenders spawned with tsx racing a dead writer's lock.
  'test/main/base/atomic-file.test.ts',
  // The debugger's bash word splitter against /usr/bin/bash, and its curl parser against /usr/bin/curl on loopback.
  'test/main/signing/debug/bash-words-bash.test.ts',
  'test/main/signing/debug/parse-curl-curl.test.ts',
  // Not another process, but long: thousands of generated mis-signed requests for six schemes (Ed25519/ES256 keys
  // among them). The on-save run keeps diagnose.test.ts and the models' own tests.
  'test/main/signing/debug/diagnose-exchanges.test.ts',
  // A rotation child process SIGKILLed at each of its steps, against the sandbox exchange in the test.
  'test/main/rotation/rotation-crash.test.ts',
  // Audit appenders SIGKILLed between their lines and their head, and child processes racing to append.
  'test/main/audit/audit-crash.test.ts',
  // The debugger's readers fuzzed with over 10,000 inputs each.
  'test/main/signing/debug/*.fuzz.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Worker threads start faster than forked processes: about 5 s less for this project on 2 cores.
          pool: 'threads',
          include: ['test/main/**/*.test.ts', 'test/renderer/**/*.test.ts'],
          exclude: INTEGRATION,
          environment: 'node',
          // In-process and mostly CPU-bound: both cores (Vitest's default is cores − 1, i.e. one worker here).
          maxWorkers: 2,
          // Projects with different maxWorkers run as separate groups in `npx vitest run`: unit, then integration, then e2e.
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'integration',
          include: INTEGRATION,
          sequence: { groupOrder: 1 },
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
