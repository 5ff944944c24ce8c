import { apiMessage, CommentError, nextLink, requestJson, sameOrigin, safeUrl, type HttpRequest } from './http.js';
import type { CommentThread, ExistingComment } from './sticky.js';

/** "Body is too long (maximum is 65536 characters)". */
export const GITHUB_MAX_BODY = 65_536;
/** 100 per page: up to 10,000 comments looked through before giving up and posting a new one. */
const MAX_PAGES = 100;

export interface GithubTarget {
  /** https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server (GITHUB_API_URL). */
  apiUrl: string;
  token: string;
  /** owner/name */
  repository: string;
  /** The pull request (an issue number: PR comments are issue comments). */
  number: number;
}

/** A pull request's conversation through the REST API: list issue comments, PATCH or POST. */
export function githubThread(target: GithubTarget, fetchImpl?: typeof fetch): CommentThread {
  const base = target.apiUrl.replace(/\/+$/, '');
  const [owner, name] = target.repository.split('/').map(encodeURIComponent);
  const headers = {
    Authorization: `Bearer ${target.token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'syncgate',
  };
  const call = async (request: Omit<HttpRequest, 'headers'>, what: string) => {
    const response = await requestJson({ ...request, headers }, fetchImpl);
    if (response.status >= 200 && response.status < 300) return response;
    throw new CommentError(githubError(response.status, apiMessage(response.json), what, request));
  };
  return {
    async *list(): AsyncIterable<ExistingComment> {
      let url: string | undefined = `${base}/repos/${owner}/${name}/issues/${target.number}/comments?per_page=100`;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const response = await call({ method: 'GET', url }, `list the comments of ${target.repository}#${target.number}`);
        if (!Array.isArray(response.json)) throw new CommentError(`GET ${safeUrl(url)}: expected a JSON array of comments`);
        for (const c of response.json as Array<Record<string, unknown>>) {
          if (c && (typeof c['id'] === 'number' || typeof c['id'] === 'string') && typeof c['body'] === 'string') yield { id: c['id'], body: c['body'] };
        }
        const next = nextLink(response.headers.get('link'));
        url = next && sameOrigin(next, base) ? next : undefined;
      }
    },
    async update(id, body) {
      const response = await call({ method: 'PATCH', url: `${base}/repos/${owner}/${name}/issues/comments/${encodeURIComponent(String(id))}`, body: { body } }, `update comment ${id}`);
      return htmlUrl(response.json);
    },
    async create(body) {
      const response = await call({ method: 'POST', url: `${base}/repos/${owner}/${name}/issues/${target.number}/comments`, body: { body } }, `comment on ${target.repository}#${target.number}`);
      return htmlUrl(response.json);
    },
  };
}

function htmlUrl(json: unknown): { url?: string } {
  const url = json && typeof json === 'object' ? (json as Record<string, unknown>)['html_url'] : undefined;
  return typeof url === 'string' ? { url } : {};
}

function githubError(status: number, message: string, what: string, request: Omit<HttpRequest, 'headers'>): string {
  const said = message ? `: ${message}` : '';
  const where = `${request.method} ${safeUrl(request.url)}`;
  switch (status) {
    case 401:
      return `GitHub rejected the token (401${said}) trying to ${what}; set GITHUB_TOKEN to a valid token (${where})`;
    case 403:
      return (
        `GitHub refused to ${what} (403${said}): the token needs "pull-requests: write" (or "issues: write") permission; ` +
        `pull requests from forks get a read-only GITHUB_TOKEN (${where})`
      );
    case 404:
      return `GitHub found no such repository or pull request trying to ${what} (404${said}); check --repo/--pr (or GITHUB_REPOSITORY and the event) and that the token can see the repository (${where})`;
    default:
      return `GitHub answered ${status}${said} trying to ${what} (${where})`;
  }
}
