/** DevTools are for development: a packaged build opens them only when SIGNET_DEVTOOLS=1 says so on purpose. */
export function devToolsAllowed(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return !isPackaged || env.SIGNET_DEVTOOLS === '1';
}
