import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent (percent-encoding kept). */
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeApi {
  base: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Handler = (req: RecordedRequest, res: ServerResponse, base: string) => void;

/** An HTTP server on 127.0.0.1 that records every request and answers through `handler`. */
export async function startFakeApi(handler: Handler): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
      requests.push(recorded);
      handler(recorded, res, base);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export interface Comment {
  id: number;
  body: string;
}

/**
 * GitHub's issue-comments API as the REST API answers it: `Bearer` auth, pages of `pageSize`
 * with a Link header (next/last), 201 on create, 200 on update, {message, documentation_url} errors.
 * `prefix` is `/api/v3` for GitHub Enterprise Server.
 */
export function githubHandler(state: { comments: Comment[]; token: string; pageSize: number; prefix?: string; failWith?: number; nextOrigin?: string }): Handler {
  return (req, res, base) => {
    const prefix = state.prefix ?? '';
    const url = new URL(req.url, base);
    if (req.headers['authorization'] !== `Bearer ${state.token}`) return sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (state.failWith === 403) return sendJson(res, 403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });
    const list = new RegExp(`^${prefix}/repos/octo/web/issues/7/comments$`);
    const one = new RegExp(`^${prefix}/repos/octo/web/issues/comments/(\\d+)$`);
    if (req.method === 'GET' && list.test(url.pathname)) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const last = Math.max(1, Math.ceil(state.comments.length / state.pageSize));
      const slice = state.comments.slice((page - 1) * state.pageSize, page * state.pageSize);
      const link = (p: number) => `<${state.nextOrigin ?? base}${url.pathname}?per_page=100&page=${p}>`;
      const links = page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : [`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`];
      return sendJson(res, 200, slice.map(toGithub), { Link: links.join(', ') });
    }
    if (req.method === 'POST' && list.test(url.pathname)) {
      const comment = { id: 9000 + state.comments.length, body: (req.body as { body: string }).body };
      state.comments.push(comment);
      return sendJson(res, 201, toGithub(comment));
    }
    const m = one.exec(url.pathname);
    const found = m ? state.comments.find((c) => c.id === Number(m[1])) : undefined;
    if (req.method === 'PATCH' && found) {
      found.body = (req.body as { body: string }).body;
      return sendJson(res, 200, toGithub(found));
    }
    return sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  };
}

function toGithub(c: Comment) {
  return { id: c.id, node_id: `IC_${c.id}`, body: c.body, html_url: `https://github.com/octo/web/pull/7#issuecomment-${c.id}`, user: { login: 'someone', type: 'User' } };
}

/**
 * GitLab's merge-request notes API: PRIVATE-TOKEN or JOB-TOKEN auth, pages with X-Page,
 * X-Next-Page (empty on the last page), X-Total-Pages and (unless `noLink`) a Link header.
 */
export function gitlabHandler(state: { notes: Array<Comment & { system?: boolean }>; token: string; pageSize: number; jobTokenForbidden?: boolean; noLink?: boolean }): Handler {
  return (req, res, base) => {
    const url = new URL(req.url, base);
    const job = req.headers['job-token'];
    if (job !== undefined && state.jobTokenForbidden) return sendJson(res, 403, { message: '403 Forbidden' });
    if (req.headers['private-token'] !== state.token && job !== state.token) return sendJson(res, 401, { message: '401 Unauthorized' });
    const prefix = '/api/v4/projects/group%2Fweb/merge_requests/3/notes';
    const raw = req.url.split('?')[0];
    if (req.method === 'GET' && raw === prefix) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const last = Math.max(1, Math.ceil(state.notes.length / state.pageSize));
      const slice = state.notes.slice((page - 1) * state.pageSize, page * state.pageSize);
      const headers: Record<string, string> = { 'X-Page': String(page), 'X-Per-Page': String(state.pageSize), 'X-Total-Pages': String(last), 'X-Next-Page': page < last ? String(page + 1) : '' };
      if (!state.noLink && page < last) headers['Link'] = `<${base}${prefix}?page=${page + 1}&per_page=100&sort=asc&order_by=created_at>; rel="next"`;
      return sendJson(res, 200, slice.map(toGitlab), headers);
    }
    if (req.method === 'POST' && raw === prefix) {
      const note = { id: 500 + state.notes.length, body: (req.body as { body: string }).body };
      state.notes.push(note);
      return sendJson(res, 201, toGitlab(note));
    }
    const m = new RegExp(`^${prefix.replace(/%/g, '%')}/(\\d+)$`).exec(raw ?? '');
    const found = m ? state.notes.find((n) => n.id === Number(m[1])) : undefined;
    if (req.method === 'PUT' && found) {
      found.body = (req.body as { body: string }).body;
      return sendJson(res, 200, toGitlab(found));
    }
    return sendJson(res, 404, { message: '404 Not found' });
  };
}

function toGitlab(n: Comment & { system?: boolean }) {
  return { id: n.id, body: n.body, system: n.system ?? false, noteable_type: 'MergeRequest', author: { username: 'someone' } };
}
