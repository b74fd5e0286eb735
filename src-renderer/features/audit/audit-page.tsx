/**
 * The Audit page: the filters, the verification of the whole chain at the top, and the timeline of events. Server
 * state is main's audit:list and audit:verify, kept live by audit:appended (ipc/audit-queries.ts).
 */
import { AuditTimeline } from './audit-timeline';
import { AuditToolbar } from './audit-toolbar';
import { VerificationBanner } from './verification-banner';
import '../../shared/ui/page-layout.css';
import './audit.css';

export function AuditPage() {
  return (
    <div className="page audit-page">
      <AuditToolbar />
      <VerificationBanner />
      <section className="audit-body" aria-label="Audit timeline">
        <AuditTimeline />
      </section>
    </div>
  );
}
