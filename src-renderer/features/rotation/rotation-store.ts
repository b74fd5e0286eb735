/**
 * The Rotation feature's UI store (its slice: rotation-slice.ts). It answers the shared `openRotation` command (a
 * reminder's "Open in Rotation", a key's rotation flag elsewhere).
 */
import { create } from 'zustand';
import { onNavigationCommand } from '../../shared/navigation/navigation-store';
import { createRotationSlice, type RotationSlice } from './rotation-slice';

export const useRotationStore = create<RotationSlice>()(createRotationSlice);

onNavigationCommand('openRotation', ({ entryId }) => useRotationStore.getState().rotationOpened(entryId));
