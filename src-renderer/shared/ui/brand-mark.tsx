/** Signet's mark: a seal with a key notch. Drawn inline so it needs no asset and follows the theme's accent. */
export function BrandMark({ size = 24 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect className="brand-mark-bg" x="1" y="1" width="22" height="22" rx="6" />
      <circle cx="12" cy="10" r="4.2" fill="none" stroke="#fff" strokeWidth="2" />
      <path d="M12 14.2V19M12 16.8h2.6" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
