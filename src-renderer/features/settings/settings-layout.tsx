/** The Settings page's building blocks: a titled section holding a card of rows. */
import type { ReactNode } from 'react';

export function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const id = `settings-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="settings-section" aria-labelledby={id}>
      <div className="settings-section-head">
        <h2 id={id} className="settings-section-title">
          {title}
        </h2>
        {description ? <p className="settings-section-description">{description}</p> : null}
      </div>
      <div className="settings-card">{children}</div>
    </section>
  );
}

export function SettingRow({ title, description, control, children }: { title: ReactNode; description?: ReactNode; control?: ReactNode; children?: ReactNode }) {
  return (
    <div className="setting-row">
      <div className="setting-row-main">
        <div className="setting-row-text">
          <div className="setting-row-title">{title}</div>
          {description ? <div className="setting-row-description">{description}</div> : null}
        </div>
        {control ? <div className="setting-row-control">{control}</div> : null}
      </div>
      {children}
    </div>
  );
}
