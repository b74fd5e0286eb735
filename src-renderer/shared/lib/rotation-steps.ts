/** A rotation's recorded steps in words: the Rotation page's run history and the Audit page's rotation lines. */

const STEP_LABELS: Readonly<Record<string, string>> = {
  started: 'Started',
  'key-pair': 'New key pair generated',
  created: 'New key created',
  received: 'New key received',
  verified: 'New key verified',
  verify: 'Verification',
  switched: 'Switched to the new key',
  'overlap-ended': 'Overlap ended',
  revoked: 'Old key revoked',
  erased: 'Old key erased',
  rollback: 'Rolled back',
  'rolled-back': 'Rollback finished',
  cancelled: 'Cancelled',
  abandoned: 'Abandoned',
  creating: 'Creating the new key',
  verifying: 'Verifying',
  switching: 'Switching',
  revoking: 'Revoking the old key',
  archived: 'Erasing the old key',
  'rolling-back': 'Rolling back',
};

/** A recorded step's name in words. */
export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step.charAt(0).toUpperCase() + step.slice(1).replace(/-/g, ' ');
}
