/** Renderer entry: theme before first paint (no flash), then the app. */
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/ui/tokens.css';
import '../shared/ui/ui.css';
import './app.css';
import { AppGate } from './app-gate';
import { Providers } from './providers';
import { applyTheme } from './use-theme';

applyTheme('system');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <Providers>
      <AppGate />
    </Providers>
  </StrictMode>,
);
