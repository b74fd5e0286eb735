/**
 * `npm run dev:browser`: the renderer in any browser, backed by the real services in this process.
 * Development only. Data goes to SIGNET_HOME if set, else to a throwaway directory deleted on exit.
 * SIGNET_BROWSER_PORT picks the port (default: a random free one).
 */
import { startBrowserHost } from './browser-host';

const port = process.env.SIGNET_BROWSER_PORT ? Number(process.env.SIGNET_BROWSER_PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write(`SIGNET_BROWSER_PORT must be a port number, not ${JSON.stringify(process.env.SIGNET_BROWSER_PORT)}.\n`);
  process.exit(2);
}

const host = await startBrowserHost(port !== undefined ? { port } : {});
process.stdout.write(
  [
    '',
    '  Signet browser host (development only)',
    `  data:  ${host.home}${process.env.SIGNET_HOME ? '' : ' (throwaway: deleted on exit; set SIGNET_HOME to keep it)'}`,
    `  open:  ${host.url}`,
    '',
    '  The link carries this run\'s token; the bridge refuses anything without it. Ctrl+C to stop.',
    '',
  ].join('\n'),
);

let closing = false;
const stop = (): void => {
  if (closing) return;
  closing = true;
  void host.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
