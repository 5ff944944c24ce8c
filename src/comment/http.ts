/** A comment could not be posted: the message says what to fix and never contains the token. */
export class CommentError extends Error {}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

/** API answers we read are small lists of comments; anything bigger is not an API answer. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** One JSON request with a timeout and a size bound; network failures become CommentError. */
export async function requestJson(request: HttpRequest, fetchImpl: typeof fetch = fetch): Promise<HttpResponse> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: { Accept: 'application/json', ...request.headers, ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    throw new CommentError(`${request.method} ${safeUrl(request.url)} failed: ${(err as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  const text = await readBounded(response, request);
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json };
}

async function readBounded(response: Response, request: HttpRequest): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) throw new CommentError(`${request.method} ${safeUrl(request.url)}: response too large (${declared} bytes)`);
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) throw new CommentError(`${request.method} ${safeUrl(request.url)}: response too large (over ${MAX_RESPONSE_BYTES} bytes)`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The URL without query string or credentials, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

/** `<https://api.github.com/...&page=2>; rel="next", <...>; rel="last"` -> the next URL. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(m[2]!);
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (values.includes('next')) return m[1];
  }
  return undefined;
}

/** Pagination links come from the server; only follow them on the API's own origin, so the token goes nowhere else. */
export function sameOrigin(url: string, apiBase: string): boolean {
  try {
    return new URL(url).origin === new URL(apiBase).origin;
  } catch {
    return false;
  }
}

/** The API's own explanation (`{"message": ...}` on GitHub, `{"message"|"error": ...}` on GitLab), shortened. */
export function apiMessage(json: unknown): string {
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const m = o['message'] ?? o['error'] ?? o['error_description'];
    if (typeof m === 'string') return m.slice(0, 300);
    if (m && typeof m === 'object') return JSON.stringify(m).slice(0, 300);
  }
  return '';
}
