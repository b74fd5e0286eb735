/** Applies settings.theme to <html data-theme>, following the OS live when the setting is "system". */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Settings } from '../../src-main/contract/schemas';
import { settingsQueries } from '../ipc/settings-queries';

const media = () => window.matchMedia('(prefers-color-scheme: light)');

export function resolveTheme(theme: Settings['theme']): 'dark' | 'light' {
  if (theme !== 'system') return theme;
  return media().matches ? 'light' : 'dark';
}

export function applyTheme(theme: Settings['theme']): void {
  document.documentElement.dataset.theme = resolveTheme(theme);
}

export function useTheme(): void {
  const theme = useQuery({ ...settingsQueries.get(), select: (s) => s.theme }).data ?? 'system';
  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const m = media();
    const onChange = () => applyTheme('system');
    m.addEventListener('change', onChange);
    return () => m.removeEventListener('change', onChange);
  }, [theme]);
}
