/**
 * The shared navigation commands: a feature asks another for something through them (features never import each
 * other), and the target feature's store applies it in the same update as the page change.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedDraft } from '../../../../src-main/contract/inspector';
import { useInspectorStore } from '../../../../src-renderer/features/inspector/inspector-store';
import { useRequestStore } from '../../../../src-renderer/features/request/request-store';
import { useNavigationStore } from '../../../../src-renderer/shared/navigation/navigation-store';

const draft: RecordedDraft = {
  method: 'POST',
  url: 'https://sandbox.test/api/v3/order',
  headers: [{ name: 'X-Test', value: '1' }],
  body: '{"a":1}',
  entryId: 'e1',
  schemeId: 'recipe',
  options: { recipe: '{"r":1}', recvWindow: '5000' },
};

describe('navigation commands', () => {
  beforeEach(() => {
    useNavigationStore.setState({ page: 'vault', command: null });
    useInspectorStore.setState({ inspectorSelectedId: null, inspectorFilters: { provider: 'binance', outcome: 'ok', entryId: '', text: 'order' } });
    useRequestStore.getState().draftReset();
  });

  it('opens a page', () => {
    useNavigationStore.getState().pageOpened('markets');
    expect(useNavigationStore.getState().page).toBe('markets');
  });

  it('openRecord shows the Inspector on that record, with the filters cleared', () => {
    useNavigationStore.getState().openRecord('r42');
    expect(useNavigationStore.getState().page).toBe('inspector');
    expect(useInspectorStore.getState().inspectorSelectedId).toBe('r42');
    expect(useInspectorStore.getState().inspectorFilters).toEqual({ provider: '', outcome: 'all', entryId: '', text: '' });
  });

  it('openRecord given twice for the same record applies twice', () => {
    useNavigationStore.getState().openRecord('r42');
    useInspectorStore.getState().recordSelected(null);
    useNavigationStore.getState().openRecord('r42');
    expect(useInspectorStore.getState().inspectorSelectedId).toBe('r42');
  });

  it('loadDraft shows the Request page with the recorded request in the composer', () => {
    useNavigationStore.getState().loadDraft(draft);
    expect(useNavigationStore.getState().page).toBe('request');
    const d = useRequestStore.getState().draft;
    expect([d.method, d.url, d.body, d.entryId, d.schemeId]).toEqual(['POST', 'https://sandbox.test/api/v3/order', '{"a":1}', 'e1', 'recipe']);
    expect(d.headers.map((h) => [h.name, h.value])).toEqual([['X-Test', '1']]);
    expect(d.options.map((o) => [o.name, o.value])).toEqual([['recvWindow', '5000']]);
    expect(d.recipes).toMatchObject({ e1: '{"r":1}' });
  });

  it('a command of one kind leaves the other feature alone', () => {
    useNavigationStore.getState().loadDraft(draft);
    expect(useInspectorStore.getState().inspectorSelectedId).toBeNull();
    const before = useRequestStore.getState().draft;
    useNavigationStore.getState().openRecord('r1');
    expect(useRequestStore.getState().draft).toBe(before);
  });
});
