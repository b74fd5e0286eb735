/**
 * Settings → Key rotation: the policy each environment's keys follow unless a key has its own (set in the Vault
 * detail). Saved through settings:set; main's scheduler and every flag use it at once.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { DEFAULT_ROTATION_DEFAULTS, type RotationPolicy } from '../../../src-main/contract/rotation';
import type { Environment } from '../../../src-main/contract/providers';
import type { Settings } from '../../../src-main/contract/schemas';
import { settingsMutations } from '../../ipc/settings-queries';
import { errorMessage } from '../../ipc/signet-client';
import { formatDate } from '../../shared/lib/format';
import { policySentence } from '../../shared/lib/rotation-policy-form';
import { EnvironmentBadge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { RotationPolicyEditor } from '../../shared/ui/rotation-policy-editor';
import { showToast } from '../../shared/ui/toast-store';
import { Section } from './settings-layout';

const ROWS: { env: Environment; name: string }[] = [
  { env: 'prod', name: 'Production keys' },
  { env: 'test', name: 'Test keys' },
  { env: 'dev', name: 'Development keys' },
];

const samePolicy = (a: RotationPolicy, b: RotationPolicy) => a.everyDays === b.everyDays && a.warnDays === b.warnDays;

function DefaultRow({ env, name, settings }: { env: Environment; name: string; settings: Settings }) {
  const [editing, setEditing] = useState(false);
  const save = useMutation(settingsMutations.set());
  const policy = settings.rotationDefaults[env];
  const builtIn = DEFAULT_ROTATION_DEFAULTS[env];
  const apply = (next: RotationPolicy, title: string) =>
    save.mutate(
      { rotationDefaults: { ...settings.rotationDefaults, [env]: next } },
      {
        onSuccess: () => {
          setEditing(false);
          showToast({ tone: 'success', title });
        },
      },
    );
  return (
    <div className="setting-row" data-env={env}>
      <div className="setting-row-main">
        <div className="setting-row-text">
          <div className="setting-row-title row-title-with-badge">
            <EnvironmentBadge environment={env} /> {name}
          </div>
          {editing ? null : <div className="setting-row-description">{policySentence(policy, formatDate)}</div>}
        </div>
        {editing ? null : (
          <div className="setting-row-control">
            {samePolicy(policy, builtIn) ? null : (
              <Button variant="ghost" busy={save.isPending} onClick={() => apply(builtIn, `${name}: back to ${builtIn.everyDays} days`)}>
                Reset
              </Button>
            )}
            <Button onClick={() => setEditing(true)}>Edit</Button>
          </div>
        )}
      </div>
      {editing ? (
        <div className="setting-row-editor">
          <RotationPolicyEditor
            initial={policy}
            label={`Rotation default for ${name.toLowerCase()}`}
            withExpiry={false}
            busy={save.isPending}
            saveError={save.error ? errorMessage(save.error) : null}
            onSave={(next) => apply(next, `${name}: rotation every ${next.everyDays} days`)}
            onCancel={() => {
              save.reset();
              setEditing(false);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

export function RotationDefaults({ settings }: { settings: Settings }) {
  return (
    <Section title="Key rotation" description="How often keys are rotated unless a key has a policy of its own (set it in the key’s detail). Signet reminds you before each is due.">
      {ROWS.map((r) => (
        <DefaultRow key={r.env} {...r} settings={settings} />
      ))}
    </Section>
  );
}
