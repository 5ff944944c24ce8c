/** Text for a GFM table cell: HTML-escaped (no tags from manifests), Markdown punctuation neutralised, one line. */
export function mdCell(s: string): string {
  return htmlEscape(s)
    .replace(/[\\`*_[\]~|]/g, (c) => '\\' + c)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * Text inside HTML (e.g. `<summary>`), where Markdown is not parsed. Control characters (ESC,
 * BEL, ...) become U+FFFD, and @mentions are broken up (see `withoutMentions`).
 */
export function htmlEscape(s: string): string {
  return withoutMentions(
    s
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd')
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
  );
}

/**
 * `@user` and `@org/team` in text that came from manifests or policies would notify people when
 * GitHub or GitLab renders the comment: a zero-width space after the `@` keeps the text as it
 * reads and stops the mention. An address such as `ops@example.com` is left alone.
 */
export function withoutMentions(s: string): string {
  return s.replace(/(^|[^A-Za-z0-9_.+\-])@(?=[A-Za-z0-9_])/g, '$1@\u200b');
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
