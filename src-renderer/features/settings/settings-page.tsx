/** Settings: appearance, auto-lock, how the vault unlocks, backups, and where things live. */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Settings, VaultStatus } from '../../../src-main/contract/schemas';
import { settingsMutations, settingsQueries } from '../../ipc/settings-queries';
import { vaultMutations, vaultQueries } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { formatDate } from '../../shared/lib/format';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Select } from '../../shared/ui/field';
import { DownloadIcon, KeyIcon, ShieldIcon, UploadIcon } from '../../shared/ui/icons';
import { Segmented } from '../../shared/ui/segmented';
import { showToast } from '../../shared/ui/toast-store';
import { ChangePassphraseDialog } from './change-passphrase-dialog';
import { ExportBackupDialog } from './export-backup-dialog';
import { ImportBackupDialog } from './import-backup-dialog';
import { RotationDefaults } from './rotation-defaults';
import { Section, SettingRow } from './settings-layout';
import './settings.css';

const AUTO_LOCK_PRESETS = [1, 5, 10, 15, 30, 60, 120, 240, 0];
const minutesLabel = (m: number) => (m === 0 ? 'Never' : m < 60 ? `After ${m} min` : `After ${m / 60} h`);

function useSaveSetting() {
  return useMutation({
    ...settingsMutations.set(),
    onError: (e) => showToast({ tone: 'danger', title: 'Setting not saved', body: errorMessage(e), durationMs: 6000 }),
  });
}

function AppearanceAndLock({ settings }: { settings: Settings }) {
  const save = useSaveSetting();
  const presets = AUTO_LOCK_PRESETS.includes(settings.autoLockMinutes) ? AUTO_LOCK_PRESETS : [...AUTO_LOCK_PRESETS, settings.autoLockMinutes].sort((a, b) => (a || 1e9) - (b || 1e9));
  return (
    <>
      <Section title="General">
        <SettingRow
          title="Theme"
          description="System follows your operating system’s light or dark mode."
          control={
            <Segmented
              label="Theme"
              value={settings.theme}
              onChange={(theme) => save.mutate({ theme })}
              options={[
                { value: 'system', label: 'System' },
                { value: 'dark', label: 'Dark' },
                { value: 'light', label: 'Light' },
              ]}
            />
          }
        />
        <SettingRow
          title={<label htmlFor="auto-lock">Auto-lock</label>}
          description="Lock the vault after this long without activity. Locking clears a copied secret from the clipboard too."
          control={
            <Select
              id="auto-lock"
              className="settings-select"
              value={String(settings.autoLockMinutes)}
              options={presets.map((m) => ({ value: String(m), label: minutesLabel(m) }))}
              onChange={(e) => save.mutate({ autoLockMinutes: Number(e.target.value) })}
            />
          }
        />
      </Section>
    </>
  );
}

function UnlockMethods({ status }: { status: VaultStatus }) {
  const [changing, setChanging] = useState(false);
  const addOs = useMutation(vaultMutations.addOsSlot());
  const removeOs = useMutation(vaultMutations.removeOsSlot());
  const passphraseSlot = status.slots.find((s) => s.kind === 'passphrase');
  const osSlot = status.slots.find((s) => s.kind === 'os' && s.provider === status.os.provider) ?? status.slots.find((s) => s.kind === 'os');
  const osUsable = status.os.available && status.os.secure;
  const osError = addOs.error ?? removeOs.error;

  return (
    <Section title="Unlocking" description="Any one of these unlocks the vault. Keep at least two so that losing one does not lock you out.">
      <SettingRow
        title={
          <span className="row-title-with-badge">
            <KeyIcon /> Passphrase {passphraseSlot ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
          </span>
        }
        description={passphraseSlot ? `Set ${formatDate(passphraseSlot.createdAt)}. Works on any computer, with a backup too.` : 'Recommended: a passphrase unlocks the vault if the keychain is reset.'}
        control={<Button onClick={() => setChanging(true)}>{passphraseSlot ? 'Change passphrase…' : 'Add passphrase…'}</Button>}
      />
      <SettingRow
        title={
          <span className="row-title-with-badge">
            <ShieldIcon /> This computer’s keychain {osSlot ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
          </span>
        }
        description={
          osSlot
            ? `Sealed with ${osSlot.backend ?? osSlot.provider ?? 'the OS keychain'}. Unlocks without a passphrase while you are signed in.`
            : osUsable
              ? `Unlock without typing a passphrase while you are signed in (${status.os.backend ?? status.os.provider}).`
              : 'Unlock without typing a passphrase while you are signed in.'
        }
        control={
          osSlot ? (
            <Button variant="danger-ghost" busy={removeOs.isPending} onClick={() => removeOs.mutate(undefined, { onSuccess: () => showToast({ tone: 'success', title: 'Keychain unlock removed' }) })}>
              Remove
            </Button>
          ) : (
            <Button
              disabled={!osUsable}
              busy={addOs.isPending}
              title={osUsable ? undefined : (status.os.reason ?? undefined)}
              onClick={() => addOs.mutate(undefined, { onSuccess: () => showToast({ tone: 'success', title: 'Keychain unlock added' }) })}
            >
              Use keychain
            </Button>
          )
        }
      >
        {!osUsable && !osSlot && status.os.reason ? (
          <Callout tone="info" className="setting-row-callout">
            {status.os.reason}
          </Callout>
        ) : null}
        {status.osBackendChanged ? (
          <Callout tone="warning" className="setting-row-callout" title="The keychain changed">
            This slot was sealed with <span className="mono">{status.osBackendChanged.recorded}</span>; this computer now reports{' '}
            <span className="mono">{status.osBackendChanged.current ?? 'none'}</span>. Remove it and add it again to use the keychain here.
          </Callout>
        ) : null}
        {osError ? (
          <Callout tone="danger" className="setting-row-callout" role="alert">
            {errorMessage(osError)}
          </Callout>
        ) : null}
      </SettingRow>
      {changing ? <ChangePassphraseDialog hasPassphrase={Boolean(passphraseSlot)} onClose={() => setChanging(false)} /> : null}
    </Section>
  );
}

function Backups() {
  const [dialog, setDialog] = useState<'export' | 'import' | null>(null);
  return (
    <Section title="Backup" description="Backups are encrypted with a passphrase of their own and can be stored anywhere.">
      <SettingRow title="Export" description="Write every key to an encrypted backup file." control={<Button icon={<DownloadIcon />} onClick={() => setDialog('export')}>Export backup…</Button>} />
      <SettingRow title="Import" description="See what a backup contains, then choose what to import." control={<Button icon={<UploadIcon />} onClick={() => setDialog('import')}>Import backup…</Button>} />
      {dialog === 'export' ? <ExportBackupDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportBackupDialog onClose={() => setDialog(null)} /> : null}
    </Section>
  );
}

function About({ status }: { status: VaultStatus }) {
  const info = useQuery(settingsQueries.appInfo());
  return (
    <Section title="About">
      <dl className="about-grid">
        <dt>Version</dt>
        <dd>{info.data ? `Signet ${info.data.version}` : '—'}</dd>
        <dt>Running in</dt>
        <dd>{info.data ? (info.data.host === 'browser' ? 'Browser host (development)' : 'Desktop app') : '—'}</dd>
        <dt>Vault file</dt>
        <dd className="mono break-all">{status.path}</dd>
        <dt>Data folder</dt>
        <dd className="mono break-all">{info.data?.home ?? '—'}</dd>
      </dl>
    </Section>
  );
}

export function SettingsPage() {
  const settings = useQuery(settingsQueries.get());
  const status = useQuery(vaultQueries.status());
  return (
    <div className="settings-page">
      <div className="settings-column">
        <h1 className="page-title">Settings</h1>
        {settings.isError ? <Callout tone="danger">{errorMessage(settings.error)}</Callout> : null}
        {settings.data ? <AppearanceAndLock settings={settings.data} /> : null}
        {status.data ? <UnlockMethods status={status.data} /> : null}
        {settings.data ? <RotationDefaults settings={settings.data} /> : null}
        <Backups />
        {status.data ? <About status={status.data} /> : null}
      </div>
    </div>
  );
}
