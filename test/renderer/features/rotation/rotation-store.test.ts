/**
 * The Rotation page's store answers the shared `openRotation` command (a reminder's "Open in Rotation"): the page
 * opens on that key, with filters cleared so the key is in the agenda, and no dialog left open.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useRotationStore } from '../../../../src-renderer/features/rotation/rotation-store';
import { useNavigationStore } from '../../../../src-renderer/shared/navigation/navigation-store';

describe('the rotation store', () => {
  beforeEach(() => {
    useNavigationStore.setState({ page: 'vault', command: null });
    useRotationStore.setState({ rotationSelectedId: 'other', rotationSelectedRunId: 'run-1', rotationFilters: { text: 'binance', environment: 'prod' }, rotationDialog: { kind: 'finish', entryId: 'other' } });
  });

  it('opens the key a reminder names, in the same update as the page', () => {
    useNavigationStore.getState().openRotation('key-7');
    expect(useNavigationStore.getState().page).toBe('rotation');
    expect(useRotationStore.getState()).toMatchObject({ rotationSelectedId: 'key-7', rotationSelectedRunId: null, rotationFilters: { text: '', environment: 'all' }, rotationDialog: null });
  });

  it('opens it again when asked twice (a second reminder for the same key)', () => {
    useNavigationStore.getState().openRotation('key-7');
    useRotationStore.getState().rotationKeySelected('elsewhere');
    useNavigationStore.getState().openRotation('key-7');
    expect(useRotationStore.getState().rotationSelectedId).toBe('key-7');
  });

  it('selects a past run with its key, and a key row without one', () => {
    useRotationStore.getState().rotationPastRunSelected('k', 'r');
    expect(useRotationStore.getState()).toMatchObject({ rotationSelectedId: 'k', rotationSelectedRunId: 'r' });
    useRotationStore.getState().rotationKeySelected('k');
    expect(useRotationStore.getState().rotationSelectedRunId).toBeNull();
  });
});
