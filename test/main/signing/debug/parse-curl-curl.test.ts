/**
 * parseCurl against the real curl (/usr/bin/curl, 7.88 here): each command is run by bash against a loopback server
 * that records the raw request; the parser must give the same method, target, body and headers (curl's own Host,
 * User-Agent, Accept and --compressed's Accept-Encoding aside, which the parser leaves out on purpose).
 * Integration project: it runs bash and curl.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHttp } from '../../../../src-main/signing/debug/parse-http';
import { parseCurl } from '../../../../src-main/signing/debug/parse-curl';

let server: Server;
let port = 0;
let last: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const raw = Buffer.concat(chunks);
      const end = raw.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(raw.subarray(0, end).toString('latin1'));
      if (raw.length < end + 4 + (length ? Number(length[1]) : 0)) return;
      last = raw;
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// curl's defaults the parser leaves out (Host is in the URL; --compressed's Accept-Encoding is an ignored flag, noted).
const CURL_OWN = new Set(['host', 'user-agent', 'accept', 'accept-encoding', 'content-length', 'expect']);

const COMMANDS = [
  `curl -s 'URL/api/v3/order?symbol=LTCBTC' -H 'X-MBX-APIKEY: key' -X POST -d 'quantity=1' -d 'price=0.1'`,
  `curl -s URL/x --data-raw @literal --data-binary 'a&b' --data-ascii c`,
  `curl -s URL/x --data-urlencode 'a b&c' --data-urlencode '=x=y' --data-urlencode 'q=café ~!*()'`,
  `curl -s -G 'URL/x?a=1' --data-urlencode 'q=a b' -d n=2`,
  `curl -s URL/x --json '{"a":1,' --json '"b":2}'`,
  `curl -s URL/x -d a=1 --json '{"b":2}'`,
  `curl -s -u 'key:s3crêt' -A 'bot/1' -e 'URL/ref;auto' -b a=1 -b 'b=2' URL/x`,
  `curl -s URL/x -d x -H 'Content-Type:' -H 'X-Empty;' -H 'X-Dup: 1' -H 'x-dup: 2'`,
  `curl -s -XPUT -HX-A:1 -d'v=1' URL/x`,
  `curl -s -A bot URL/x -H 'user-agent: mine'`,
  `curl -s --oauth2-bearer tok URL/x`,
  `curl -s URL/x -H 'Accept: application/json' -d $'line1\\nline2\\u0021'`,
  `curl -s -X post URL/x?sig=a%2Fb -H 'X-Space:   padded   '`,
  `curl -s -I URL/x`,
  `curl -s -G -I URL/x -d a=1`,
  `curl -s -d '' URL/x`,
  `A=1 curl -sS URL/x -H 'Accept:' --compressed -o /dev/null | cat`,
];

describe('parseCurl agrees with curl on the wire', () => {
  for (const template of COMMANDS) {
    it(template, async () => {
      const command = template.replace(/URL/g, `http://127.0.0.1:${port}`);
      last = Buffer.alloc(0);
      // Asynchronously: the loopback server runs on this event loop.
      await promisify(execFile)('/usr/bin/bash', ['--norc', '-c', command], { env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }, timeout: 10_000 });
      const wire = parseHttp(last.toString('utf8')).request;
      const ours = parseCurl(command).request;
      expect(ours.method).toBe(wire.method);
      expect(ours.url).toBe(wire.url.replace(/^https:/, 'http:'));
      expect(ours.body).toBe(wire.body);
      const theirs = Object.fromEntries(Object.entries(wire.headers).filter(([k]) => !CURL_OWN.has(k.toLowerCase()) || Object.keys(ours.headers).some((o) => o.toLowerCase() === k.toLowerCase())));
      expect(ours.headers).toEqual(theirs);
    });
  }
});
