/** Text for a GFM table cell: HTML-escaped (no tags from manifests), Markdown punctuation neutralised, one line. */
export function mdCell(s: string): string {
  return htmlEscape(s)
    .replace(/[\\`*_[\]~|]/g, (c) => '\\' + c)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Text inside HTML (e.g. `<summary>`), where Markdown is not parsed. Control characters (ESC, BEL, ...) become U+FFFD. */
export function htmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A URL safe inside a Markdown link destination: no spaces, parentheses or angle brackets left raw. */
export function mdUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** Path segments percent-encoded, slashes kept. */
export function encodePath(file: string): string {
  return file
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}
