/**
 * A minimal application menu: the standard app/file/edit/window roles (Edit matters on macOS, where copy and paste
 * shortcuts come from the menu) and a View menu whose reload and DevTools items exist only when DevTools are allowed.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildAppMenu(opts: { devTools: boolean; platform: NodeJS.Platform }): Menu {
  const view: MenuItemConstructorOptions[] = [
    ...(opts.devTools
      ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
      : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(opts.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
