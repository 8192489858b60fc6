/**
 * Capture data is hostile: strip ANSI escapes and control characters before a value reaches
 * a terminal, and cap its length so one huge header cannot flood the report.
 */
export function terminalSafe(value: string, max = 300): string {
  let out = '';
  for (let i = 0; i < value.length && out.length < max; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += c === 0x09 ? ' ' : '\uFFFD';
    else out += value[i];
  }
  return out.length < value.length && value.length > max ? `${out}…` : out;
}

/** Shortens a URL for display: path + query, with long query values elided. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const query = [...url.searchParams].map(([k, v]) => `${k}=${v.length > 24 ? `${v.slice(0, 12)}…` : v}`).join('&');
    return terminalSafe(url.pathname + (query ? `?${query}` : ''), 160);
  } catch {
    return terminalSafe(raw, 160);
  }
}

/** C0 (but tab, newline, carriage return), DEL and C1 controls: never meaningful in a report. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Replaces control characters (terminal escapes among them) with U+FFFD, whatever the format. */
export function stripControls(value: string): string {
  return value.replace(CONTROLS, '\ufffd');
}
