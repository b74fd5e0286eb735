/**
 * Copies text that is not secret (a canonical string, a signature, exported code) from the renderer. Secrets are
 * never copied here: main copies those and clears the clipboard (vault:copySecret). The async Clipboard API can be
 * refused (Electron denies permission checks); the selection-based copy works inside a click handler anyway.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the selection-based copy
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  previous?.focus();
  if (!ok) throw new Error('copy refused');
}
