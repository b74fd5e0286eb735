/**
 * The `app://` scheme that serves the renderer. Registered as standard and secure (so it has a real origin,
 * `app://signet`, and counts as a secure context) but with no fetch, CORS, service-worker or CSP-bypass privileges:
 * the renderer has no network and nothing else may read from it.
 */
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { createAppProtocolHandler } from './app-protocol-handler';

/** Must run before the app's `ready` event; Electron ignores it afterwards. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: false,
        corsEnabled: false,
        bypassCSP: false,
        allowServiceWorkers: false,
        stream: false,
        codeCache: false,
      },
    },
  ]);
}

/** Serves files from `rendererRoot` (out/renderer) only; call once the app is ready. */
export function registerAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
}
