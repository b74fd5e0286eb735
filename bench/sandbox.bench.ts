/**
 * Sandbox exchange: authenticated `GET /v1/account` (hmac verification, nonce cache, scope and rate
 * limit checks, paper account) against a bare Fastify hello-world route, both served by one child process with the
 * same settings, loaded from this process over loopback by autocannon. Target: auth throughput / hello throughput
 * ≥ 0.7; both p99 latencies reported.
 *
 * Every request is signed afresh in autocannon's setupRequest (a new nonce each time, or the sandbox would answer
 * replayed_nonce), and the hello-world requests are signed the same way, so the client does equal work in both
 * runs. Rounds alternate (hello, auth, hello, …); each side's median round is reported, and the ratio is the median
 * of the ratios of adjacent rounds, so a neighbour taking a core for a few seconds (2 cores here) hits both alike. Sixteen keys take turns: one key at this rate would hold more live nonces than the
 * per-key cap (100,000) allows, which is the cap doing its job, not the path under test.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { hmacScheme } from '../src-main/signing/schemes/hmac';
import type { SignResult } from '../src-main/signing/types';
import { median, type Bench } from './bench-types';

const CONNECTIONS = 32;
const WARMUP_S = 2;
const ROUND_S = 3;
const ROUNDS = 5;
const KEYS = Array.from({ length: 16 }, (_, i) => ({ apiKey: `bench-${i}`, secret: `bench-secret-${i}-${randomUUID()}` }));

interface Round {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function load(base: string, path: string, seconds = ROUND_S): Promise<Round> {
  let turn = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            path,
            setupRequest: (req) => {
              const key = KEYS[turn++ % KEYS.length]!;
              // The engine's own signer, synchronously (setupRequest cannot wait for a promise).
              const signed = hmacScheme.sign({ method: 'GET', url: base + path, headers: {}, body: null }, key, { timestamp: Date.now(), nonce: randomUUID() }) as SignResult;
              return { ...req, headers: { ...req.headers, ...signed.request.headers } };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({ rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx });
      },
    );
  });
}

const bench: Bench = {
  name: 'sandbox',
  async run() {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./sandbox-server.child.ts', import.meta.url).pathname, JSON.stringify(KEYS)], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the server child exited (${code}) before listening`)));
      });
      const { sandboxUrl, helloUrl } = JSON.parse(first) as { sandboxUrl: string; helloUrl: string };
      const check = async (r: Round, what: string) => {
        if (r.errors > 0 || r.non2xx > 0) throw new Error(`${what}: ${r.non2xx} non-2xx responses and ${r.errors} errors; the bench measures successful requests only`);
        return r;
      };
      // Warm-up (JIT, connection pools), not measured.
      await load(helloUrl, '/hello', WARMUP_S);
      await load(sandboxUrl, '/v1/account', WARMUP_S);
      const hello: Round[] = [];
      const auth: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        hello.push(await check(await load(helloUrl, '/hello'), 'hello-world'));
        auth.push(await check(await load(sandboxUrl, '/v1/account'), 'GET /v1/account'));
      }
      const helloRps = median(hello.map((r) => r.rps));
      const authRps = median(auth.map((r) => r.rps));
      const ratio = median(auth.map((r, i) => r.rps / hello[i]!.rps));
      console.log(`  rounds: hello ${hello.map((r) => Math.round(r.rps)).join(', ')} req/s; auth ${auth.map((r) => Math.round(r.rps)).join(', ')} req/s`);
      return [
        { metric: 'hello-world throughput', value: helloRps, unit: 'req/s', target: null, better: 'higher' },
        { metric: 'authenticated GET /v1/account throughput', value: authRps, unit: 'req/s', target: null, better: 'higher' },
        { metric: 'hello-world latency p99', value: median(hello.map((r) => r.p99)), unit: 'ms', target: null, better: 'lower' },
        { metric: 'authenticated GET /v1/account latency p99', value: median(auth.map((r) => r.p99)), unit: 'ms', target: null, better: 'lower' },
        { metric: 'throughput ratio auth / hello-world', value: ratio, unit: 'ratio', target: 0.7, better: 'higher' },
      ];
    } finally {
      child.stdin.end();
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    }
  },
};

export default bench;
