/**
 * Child of sandbox.bench.ts: the servers under load, in their own process so the load generator does not share
 * their event loop. The sandbox (its defaults, a silent logger, a rate limit high enough not to refuse the load)
 * and a bare Fastify hello-world with the same logger and Fastify settings. Prints one JSON line with both URLs,
 * then serves until stdin closes.
 */
import Fastify, { LogController } from 'fastify';
import pino from 'pino';
import { connectionLimits, startSandbox } from '../src-main/sandbox/sandbox';

const keys = JSON.parse(process.argv[2] ?? '[]') as { apiKey: string; secret: string }[];
const sandbox = await startSandbox({
  keys: keys.map((k) => ({ ...k, scopes: ['read'] })),
  rateLimit: { capacity: 1e9, refillPerSec: 1e9 },
  seed: 'bench',
});
const hello = Fastify({ loggerInstance: pino({ enabled: false }), logController: new LogController({ disableRequestLogging: true }), bodyLimit: 64 * 1024, return503OnClosing: true, ...connectionLimits() });
hello.get('/hello', async () => ({ hello: 'world' }));
const helloUrl = await hello.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ sandboxUrl: sandbox.url, helloUrl })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all([sandbox.close(), hello.close()]).then(() => process.exit(0));
});
