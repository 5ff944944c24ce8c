import type { Severity } from '../model/index.js';

/** Minimal ANSI styling; every function is the identity when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  severity(severity: Severity, s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const id = (s: string) => s;

export function makeStyle(color: boolean): Style {
  if (!color) return { bold: id, dim: id, red: id, yellow: id, green: id, cyan: id, severity: (_s, t) => t };
  const red = wrap(31, 39);
  const yellow = wrap(33, 39);
  const bold = wrap(1, 22);
  const style: Style = {
    bold,
    dim: wrap(2, 22),
    red,
    yellow,
    green: wrap(32, 39),
    cyan: wrap(36, 39),
    severity: (sev, s) => {
      switch (sev) {
        case 'critical':
          return bold(red(s));
        case 'high':
          return red(s);
        case 'medium':
          return yellow(s);
        case 'low':
          return style.cyan(s);
        default:
          return style.dim(s);
      }
    },
  };
  return style;
}

/**
 * Makes untrusted text safe for a terminal: C0/C1 control characters (ESC above all) become
 * visible escapes, so a manifest cannot move the cursor or recolour the output. Tabs stay.
 */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
