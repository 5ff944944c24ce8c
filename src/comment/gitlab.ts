import { apiMessage, CommentError, nextLink, requestJson, sameOrigin, safeUrl, type HttpRequest } from './http.js';
import type { CommentThread, ExistingComment } from './sticky.js';

/** Notes are limited to 1,000,000 characters. */
export const GITLAB_MAX_BODY = 1_000_000;
const MAX_PAGES = 100;

export interface GitlabTarget {
  /** https://gitlab.com/api/v4, or the instance's CI_API_V4_URL. */
  apiUrl: string;
  /** A personal/project access token (GITLAB_TOKEN, header PRIVATE-TOKEN) or the job token (CI_JOB_TOKEN, header JOB-TOKEN). */
  token: { kind: 'private' | 'job'; value: string };
  /** Numeric id or `group/project` path. */
  project: string;
  /** The merge request's iid (its number within the project). */
  mergeRequest: number;
  /** For links in messages: the project's web URL (CI_MERGE_REQUEST_PROJECT_URL or CI_PROJECT_URL). */
  projectUrl?: string;
}

/** A merge request's notes through the REST API: list, PUT or POST. */
export function gitlabThread(target: GitlabTarget, fetchImpl?: typeof fetch): CommentThread {
  const base = target.apiUrl.replace(/\/+$/, '');
  const notes = `${base}/projects/${encodeURIComponent(target.project)}/merge_requests/${target.mergeRequest}/notes`;
  const headers: Record<string, string> = { [target.token.kind === 'job' ? 'JOB-TOKEN' : 'PRIVATE-TOKEN']: target.token.value, 'User-Agent': 'syncgate' };
  const label = `merge request !${target.mergeRequest} of project ${target.project}`;
  const call = async (request: Omit<HttpRequest, 'headers'>, what: string) => {
    const response = await requestJson({ ...request, headers }, fetchImpl);
    if (response.status >= 200 && response.status < 300) return response;
    throw new CommentError(gitlabError(response.status, apiMessage(response.json), what, request, target.token.kind));
  };
  const noteUrl = (json: unknown): { url?: string } => {
    const id = json && typeof json === 'object' ? (json as Record<string, unknown>)['id'] : undefined;
    if (!target.projectUrl || (typeof id !== 'number' && typeof id !== 'string')) return {};
    return { url: `${target.projectUrl.replace(/\/+$/, '')}/-/merge_requests/${target.mergeRequest}#note_${id}` };
  };
  return {
    async *list(): AsyncIterable<ExistingComment> {
      let url: string | undefined = `${notes}?per_page=100&sort=asc&order_by=created_at`;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const response = await call({ method: 'GET', url }, `list the notes of ${label}`);
        if (!Array.isArray(response.json)) throw new CommentError(`GET ${safeUrl(url)}: expected a JSON array of notes`);
        for (const n of response.json as Array<Record<string, unknown>>) {
          if (!n || n['system'] === true) continue;
          if ((typeof n['id'] === 'number' || typeof n['id'] === 'string') && typeof n['body'] === 'string') yield { id: n['id'], body: n['body'] };
        }
        url = nextPage(response.headers, url, base);
      }
    },
    async update(id, body) {
      return noteUrl((await call({ method: 'PUT', url: `${notes}/${encodeURIComponent(String(id))}`, body: { body } }, `update note ${id} of ${label}`)).json);
    },
    async create(body) {
      return noteUrl((await call({ method: 'POST', url: notes, body: { body } }, `add a note to ${label}`)).json);
    },
  };
}

/** GitLab sends both a Link header and X-Next-Page (empty on the last page); the latter survives proxies that drop Link. */
function nextPage(headers: Headers, current: string, base: string): string | undefined {
  const link = nextLink(headers.get('link'));
  if (link) return sameOrigin(link, base) ? link : undefined;
  const page = headers.get('x-next-page');
  if (!page || !/^\d+$/.test(page.trim())) return undefined;
  const url = new URL(current);
  url.searchParams.set('page', page.trim());
  return url.toString();
}

function gitlabError(status: number, message: string, what: string, request: Omit<HttpRequest, 'headers'>, kind: 'private' | 'job'): string {
  const said = message ? `: ${message}` : '';
  const where = `${request.method} ${safeUrl(request.url)}`;
  const tokenName = kind === 'job' ? 'CI_JOB_TOKEN' : 'GITLAB_TOKEN';
  switch (status) {
    case 401:
      return `GitLab rejected ${tokenName} (401${said}) trying to ${what}; set GITLAB_TOKEN to a valid project or personal access token with the api scope (${where})`;
    case 403:
      return (
        `GitLab refused to ${what} (403${said}): ${tokenName} may not write merge request notes` +
        `${kind === 'job' ? ' (job tokens usually cannot; use a project access token with the api scope in GITLAB_TOKEN)' : '; the token needs the api scope and at least Reporter access'} (${where})`
      );
    case 404:
      return `GitLab found no such project or merge request trying to ${what} (404${said}); check --project/--mr (or CI_PROJECT_ID and CI_MERGE_REQUEST_IID) and the token's access (${where})`;
    default:
      return `GitLab answered ${status}${said} trying to ${what} (${where})`;
  }
}
