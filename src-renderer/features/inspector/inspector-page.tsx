/** The Inspector: every request Signet sent, newest first, filterable; the selected one in full on the right. */
import { InspectorToolbar } from './inspector-toolbar';
import { RecordDetail } from './record-detail';
import { RecordList } from './inspector-list';
import './inspector.css';

export function InspectorPage() {
  return (
    <div className="inspector-page">
      <InspectorToolbar />
      <div className="inspector-body">
        <section className="inspector-list-pane" aria-label="Sent requests">
          <RecordList />
        </section>
        <aside className="inspector-detail-pane" aria-label="Request details">
          <RecordDetail />
        </aside>
      </div>
    </div>
  );
}
