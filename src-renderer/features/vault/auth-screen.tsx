/** The frame around first run and the lock screen: the brand, centred, and nothing else competing. */
import type { ReactNode } from 'react';
import { BrandMark } from '../../shared/ui/brand-mark';
import './auth-screens.css';

export function AuthScreen({ children }: { children: ReactNode }) {
  return (
    <main className="auth-screen">
      <div className="auth-stack">
        <div className="auth-brand">
          <BrandMark size={28} />
          <span className="auth-brand-name">Signet</span>
        </div>
        {children}
      </div>
    </main>
  );
}
