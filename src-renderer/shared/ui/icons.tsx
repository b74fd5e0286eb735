/**
 * The icon set: 16-px stroke icons drawn inline (no icon font, no network, nothing for the CSP to allow).
 * Decorative by default (aria-hidden); give a `title` where an icon is the only label.
 */
import type { ReactNode, SVGProps } from 'react';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number; title?: string };

function icon(name: string, paths: ReactNode) {
  function Icon({ size = 16, title, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden={title ? undefined : true}
        role={title ? 'img' : undefined}
        focusable="false"
        className="icon"
        {...rest}
      >
        {title ? <title>{title}</title> : null}
        {paths}
      </svg>
    );
  }
  Icon.displayName = `${name}Icon`;
  return Icon;
}

export const SearchIcon = icon('Search', (
  <>
    <circle cx="7" cy="7" r="4.5" />
    <path d="m10.5 10.5 3.5 3.5" />
  </>
));
export const PlusIcon = icon('Plus', <path d="M8 3v10M3 8h10" />);
export const LockIcon = icon('Lock', (
  <>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
  </>
));
export const KeyIcon = icon('Key', (
  <>
    <circle cx="5.5" cy="10.5" r="3" />
    <path d="m7.7 8.3 5.8-5.8M11.5 4.5l1.5 1.5M10 6l1.2 1.2" />
  </>
));
export const CopyIcon = icon('Copy', (
  <>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 5.5V4a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5" />
  </>
));
export const CheckIcon = icon('Check', <path d="m3.5 8.5 3 3 6-7" />);
export const XIcon = icon('X', <path d="m4 4 8 8M12 4l-8 8" />);
export const EditIcon = icon('Edit', (
  <>
    <path d="M10.5 2.5 13.5 5.5 6 13H3v-3z" />
    <path d="m9 4 3 3" />
  </>
));
export const TrashIcon = icon('Trash', (
  <>
    <path d="M2.5 4.5h11M6.5 4.5V3h3v1.5M4 4.5l.7 8.6a1 1 0 0 0 1 .9h4.6a1 1 0 0 0 1-.9l.7-8.6" />
    <path d="M6.7 7v4.5M9.3 7v4.5" />
  </>
));
export const EyeIcon = icon('Eye', (
  <>
    <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" />
    <circle cx="8" cy="8" r="2" />
  </>
));
export const EyeOffIcon = icon('EyeOff', (
  <>
    <path d="M6.4 3.7A6.8 6.8 0 0 1 8 3.5c4 0 6.5 4.5 6.5 4.5a12 12 0 0 1-1.7 2.3M4.2 4.9C2.5 6.1 1.5 8 1.5 8S4 12.5 8 12.5a6.4 6.4 0 0 0 3.5-1" />
    <path d="M6.6 6.6a2 2 0 0 0 2.8 2.8M2 2l12 12" />
  </>
));
export const SettingsIcon = icon('Settings', (
  <>
    <circle cx="8" cy="8" r="2" />
    <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  </>
));
export const VaultIcon = icon('Vault', (
  <>
    <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
    <circle cx="8" cy="8" r="2.5" />
    <path d="M8 5.5v1M8 9.5v1M5.5 8h1M9.5 8h1M4 13.5v1M12 13.5v1" />
  </>
));
export const ShieldIcon = icon('Shield', (
  <>
    <path d="M8 1.5 13 3.5v4c0 3.2-2.2 5.6-5 7-2.8-1.4-5-3.8-5-7v-4z" />
    <path d="m5.8 8 1.6 1.6 3-3.2" />
  </>
));
export const AlertIcon = icon('Alert', (
  <>
    <path d="M7.1 2.6 1.6 12.2a1 1 0 0 0 .9 1.5h11a1 1 0 0 0 .9-1.5L8.9 2.6a1 1 0 0 0-1.8 0Z" />
    <path d="M8 6v3.2M8 11.5v.01" />
  </>
));
export const InfoIcon = icon('Info', (
  <>
    <circle cx="8" cy="8" r="6.5" />
    <path d="M8 7.2v4M8 4.8v.01" />
  </>
));
export const ClockIcon = icon('Clock', (
  <>
    <circle cx="8" cy="8" r="6.5" />
    <path d="M8 4.5V8l2.5 1.5" />
  </>
));
export const FilterXIcon = icon('FilterX', <path d="M2.5 3.5h11l-4.2 5v4l-2.6 1v-5z" />);
export const DownloadIcon = icon('Download', <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M2.5 13.5h11" />);
export const UploadIcon = icon('Upload', <path d="M8 10.5v-8M4.5 6 8 2.5 11.5 6M2.5 13.5h11" />);
export const SandboxIcon = icon('Sandbox', (
  <>
    <path d="M2.5 5 8 2l5.5 3v6L8 14l-5.5-3z" />
    <path d="M2.5 5 8 8l5.5-3M8 8v6" />
  </>
));
export const ChevronDownIcon = icon('ChevronDown', <path d="m4 6 4 4 4-4" />);
export const RequestIcon = icon('Request', (
  <>
    <path d="M2.5 4.5h8M8 2l2.5 2.5L8 7" />
    <path d="M13.5 11.5h-8M8 9l-2.5 2.5L8 14" />
  </>
));
export const RefreshIcon = icon('Refresh', (
  <>
    <path d="M13 8a5 5 0 1 1-1.5-3.6" />
    <path d="M13 2.5v3h-3" />
  </>
));
export const ExternalLinkIcon = icon('ExternalLink', (
  <>
    <path d="M9.5 2.5h4v4M13.5 2.5 8 8" />
    <path d="M12 9.5v3a1 1 0 0 1-1 1H3.5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3" />
  </>
));
export const CodeIcon = icon('Code', <path d="M5.5 4.5 2 8l3.5 3.5M10.5 4.5 14 8l-3.5 3.5" />);
export const PlayIcon = icon('Play', <path d="M5 3.5v9l7-4.5z" />);
export const InspectorIcon = icon('Inspector', (
  <>
    <path d="M2.5 3.5h11M2.5 6.5h5M2.5 9.5h3.5" />
    <circle cx="10.5" cy="10" r="2.75" />
    <path d="m12.5 12 1.75 1.75" />
  </>
));
export const SendIcon = icon('Send', <path d="M2.5 8 13.5 2.5 10.5 13.5 7.5 9zM7.5 9l6-6.5" />);
export const StarIcon = icon('Star', <path d="m8 2.2 1.8 3.7 4 .6-2.9 2.8.7 4-3.6-1.9-3.6 1.9.7-4L2.2 6.5l4-.6z" />);
export const ChartIcon = icon('Chart', <path d="M2.5 13.5h11M4.5 11V7.5M7.5 11V4M10.5 11V6.5M13 11V3" />);
export const DebuggerIcon = icon('Debugger', (
  <>
    <path d="M5.5 7a2.5 2.5 0 0 1 5 0v3a2.5 2.5 0 0 1-5 0z" />
    <path d="M8 8v4.5M6.4 4.9 5.2 3.4M9.6 4.9l1.2-1.5M5.5 8.5h-3M10.5 8.5h3M5.7 11.2l-2 1.6M10.3 11.2l2 1.6M5.6 6.2 3.7 5.3M10.4 6.2l1.9-.9" />
  </>
));
export const WrenchIcon = icon('Wrench', <path d="M10.3 2.6a3.2 3.2 0 0 0-3.9 4.2L2.6 10.6a1.3 1.3 0 0 0 1.8 1.8l3.8-3.8a3.2 3.2 0 0 0 4.2-3.9l-1.9 1.9-1.6-.4-.4-1.6z" />);
export const FileIcon = icon('File', (
  <>
    <path d="M4 1.5h5l3.5 3.5v8.5a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1Z" />
    <path d="M9 1.5V5h3.5" />
  </>
));
export const RotateIcon = icon('Rotate', (
  <>
    <path d="M13 5.5A5.5 5.5 0 0 0 3.2 4.6M3 10.5a5.5 5.5 0 0 0 9.8.9" />
    <path d="M13.5 2.5v3h-3M2.5 13.5v-3h3" />
  </>
));
export const CalendarIcon = icon('Calendar', (
  <>
    <rect x="2.5" y="3.5" width="11" height="10" rx="1.5" />
    <path d="M2.5 6.5h11M5.5 2v3M10.5 2v3" />
  </>
));
export const ScanIcon = icon('Scan', (
  <>
    <path d="M2.5 5V3.5a1 1 0 0 1 1-1H5M11 2.5h1.5a1 1 0 0 1 1 1V5M13.5 11v1.5a1 1 0 0 1-1 1H11M5 13.5H3.5a1 1 0 0 1-1-1V11" />
    <path d="M5 8h6" />
  </>
));
/** The audit log: a list of lines, the last one checked. */
export const AuditIcon = icon('Audit', (
  <>
    <path d="M2.5 3.5h11M2.5 7h11M2.5 10.5h4.5" />
    <path d="m9 11.8 1.7 1.7 3.3-3.5" />
  </>
));
export const UnlockIcon = icon('Unlock', (
  <>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M8 7V4.5a2.5 2.5 0 0 1 5 0V6" />
  </>
));
