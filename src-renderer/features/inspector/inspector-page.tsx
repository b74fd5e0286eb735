/** The Inspector: every request Signet sent, newest first, filterable; the selected one in full on the right. */
import { InspectorToolbar } from './inspector-toolbar';
import { RecordDetail } from './record-detail';
import { RecordList } from './inspector-list';
import '../../shared/ui/page-layout.css';
import './inspector.css';

export function InspectorPage() {
  return (
    <div className="page">
      <InspectorToolbar />
      <div className="page-body">
        <section className="page-list-pane" aria-label="Sent requests">
          <RecordList />
        </section>
        <aside className="page-detail-pane inspector-detail-pane" aria-label="Request details">
          <RecordDetail />
        </aside>
      </div>
    </div>
  );
}
