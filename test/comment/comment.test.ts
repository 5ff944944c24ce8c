import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commentCommand } from '../../src/cli/comment.js';
import { UsageError } from '../../src/cli/errors.js';
import { nextLink } from '../../src/comment/index.js';
import { COMMENT_MARKER } from '../../src/report/index.js';
import { githubHandler, gitlabHandler, startFakeApi, type Comment, type FakeApi } from './fake-apis.js';

const TOKEN = 'ghs_s3cr3tT0kenValue';
const dir = mkdtempSync(path.join(os.tmpdir(), 'syncgate-comment-'));
const report = path.join(dir, 'syncgate.md');
const REPORT = `${COMMENT_MARKER}\n### :x: syncgate failed: 1 finding at or above \`high\`\n`;
writeFileSync(report, REPORT);

const apis: FakeApi[] = [];
afterEach(async () => {
  await Promise.all(apis.splice(0).map((a) => a.close()));
});

/** `syncgate comment ...` as main() runs it, with the CI environment given. */
async function comment(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const previous = process.exitCode;
  try {
    process.exitCode = undefined;
    const program = new Command('syncgate').exitOverride().addCommand(commentCommand({ env }).exitOverride());
    let code: number;
    try {
      await program.parseAsync(['comment', ...args], { from: 'user' });
      code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    } catch (e) {
      if (e instanceof UsageError) stderr += `syncgate: ${e.message}\n`;
      code = e instanceof CommanderError ? e.exitCode : 2;
      if (!(e instanceof UsageError) && !(e instanceof CommanderError)) throw e;
    }
    return { code, stdout, stderr };
  } finally {
    process.exitCode = previous;
    out.mockRestore();
    err.mockRestore();
  }
}

function githubEnv(base: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const event = path.join(dir, `event-${Math.random()}.json`);
  writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: 'abc' } } }));
  return { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/web', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_API_URL: base, GITHUB_TOKEN: TOKEN, ...extra };
}

const others = (n: number): Comment[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, body: `looks good ${i + 1}` }));

describe('syncgate comment on GitHub', () => {
  it('reads every page of comments (Link rel="next") and posts a new comment when none carries the marker', async () => {
    const state = { comments: others(5), token: TOKEN, pageSize: 2 };
    const api = await startFakeApi(githubHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], githubEnv(api.base));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created comment on octo/web#7 (https://github.com/octo/web/pull/7#issuecomment-9005)');
    expect(api.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
      'GET /repos/octo/web/issues/7/comments?per_page=100',
      'GET /repos/octo/web/issues/7/comments?per_page=100&page=2',
      'GET /repos/octo/web/issues/7/comments?per_page=100&page=3',
      'POST /repos/octo/web/issues/7/comments',
    ]);
    expect(api.requests[3]!.body).toEqual({ body: REPORT });
    expect(api.requests[0]!.headers['accept']).toBe('application/vnd.github+json');
    expect(api.requests[0]!.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('edits the comment that carries the marker instead of posting again, on GitHub Enterprise Server paths', async () => {
    const state = { comments: [...others(3), { id: 42, body: `${COMMENT_MARKER}\nold report` }, ...others(2)], token: TOKEN, pageSize: 2, prefix: '/api/v3' };
    const api = await startFakeApi(githubHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], githubEnv(`${api.base}/api/v3`));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('updated comment on octo/web#7');
    expect(api.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
      'GET /api/v3/repos/octo/web/issues/7/comments?per_page=100',
      'GET /api/v3/repos/octo/web/issues/7/comments?per_page=100&page=2',
      'PATCH /api/v3/repos/octo/web/issues/comments/42',
    ]);
    expect(state.comments.find((c) => c.id === 42)!.body).toBe(REPORT);
    expect(state.comments).toHaveLength(6);
  });

  it('leaves an identical comment alone', async () => {
    const state = { comments: [{ id: 42, body: REPORT }], token: TOKEN, pageSize: 2 };
    const api = await startFakeApi(githubHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], githubEnv(api.base));
    expect(r.stdout).toContain('comment already up to date on octo/web#7');
    expect(api.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('takes the repository and pull request from flags, outside CI', async () => {
    const state = { comments: [], token: TOKEN, pageSize: 2 };
    const api = await startFakeApi(githubHandler(state));
    apis.push(api);
    const r = await comment(['--from', report, '--repo', 'octo/web', '--pr', '7', '--api-url', api.base], { GITHUB_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(state.comments).toHaveLength(1);
  });

  it('does not follow a pagination link to another host (the token stays with the API)', async () => {
    const elsewhere = await startFakeApi((_req, res) => res.end('[]'));
    apis.push(elsewhere);
    const state = { comments: others(4), token: TOKEN, pageSize: 2, nextOrigin: elsewhere.base };
    const api = await startFakeApi(githubHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], githubEnv(api.base));
    expect(r.code).toBe(0);
    expect(elsewhere.requests).toEqual([]);
  });

  it.each([
    [401, { GITHUB_TOKEN: 'wrong-token' }, /GitHub rejected the token \(401: Bad credentials\).*set GITHUB_TOKEN/],
    [403, {}, /403: Resource not accessible by integration\).*pull-requests: write.*forks/],
    [404, { GITHUB_REPOSITORY: 'octo/missing' }, /404: Not Found\).*check --repo\/--pr/],
  ])('explains a %i and exits 2 without printing the token', async (status, extra, message) => {
    const state = { comments: [], token: TOKEN, pageSize: 2, ...(status === 403 ? { failWith: 403 } : {}) };
    const api = await startFakeApi(githubHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], githubEnv(api.base, extra));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toContain('wrong-token');
  });

  it('posts nothing, and passes, on an event that is not about a pull request', async () => {
    const api = await startFakeApi(githubHandler({ comments: [], token: TOKEN, pageSize: 2 }));
    apis.push(api);
    const push = path.join(dir, 'push.json');
    writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main', commits: [] }));
    const r = await comment(['--from', report], githubEnv(api.base, { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: push }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no comment posted: this push event is not about a pull request/);
    expect(api.requests).toEqual([]);
  });

  it('survives an API that answers with something other than a list', async () => {
    const api = await startFakeApi((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>proxy login</html>'));
    apis.push(api);
    const r = await comment(['--from', report], githubEnv(api.base));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a JSON array of comments/);
  });

  it('says how to write the report when --from is missing or unreadable', async () => {
    const r = await comment(['--from', path.join(dir, 'nope.md')], githubEnv('http://127.0.0.1:9'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the report.*check --format markdown=/);
  });
});

describe('syncgate comment on GitLab', () => {
  const gitlabEnv = (base: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    GITLAB_CI: 'true',
    CI_API_V4_URL: `${base}/api/v4`,
    CI_PROJECT_ID: 'group/web',
    CI_MERGE_REQUEST_IID: '3',
    CI_PROJECT_URL: 'https://gitlab.example.com/group/web',
    GITLAB_TOKEN: TOKEN,
    ...extra,
  });

  it('pages through notes with X-Next-Page, ignores system notes, and updates the marked note', async () => {
    const notes = [{ id: 1, body: `${COMMENT_MARKER} mentioned in a system note`, system: true }, ...others(2), { id: 77, body: `${COMMENT_MARKER}\nold` }];
    const state = { notes, token: TOKEN, pageSize: 2, noLink: true };
    const api = await startFakeApi(gitlabHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], gitlabEnv(api.base));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('updated comment on group/web!3 (https://gitlab.example.com/group/web/-/merge_requests/3#note_77)');
    expect(api.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
      'GET /api/v4/projects/group%2Fweb/merge_requests/3/notes?per_page=100&sort=asc&order_by=created_at',
      'GET /api/v4/projects/group%2Fweb/merge_requests/3/notes?per_page=100&sort=asc&order_by=created_at&page=2',
      'PUT /api/v4/projects/group%2Fweb/merge_requests/3/notes/77',
    ]);
    expect(api.requests[0]!.headers['private-token']).toBe(TOKEN);
    expect(state.notes.find((n) => n.id === 1)!.body).not.toBe(REPORT);
  });

  it('follows Link headers and posts a note when none is marked', async () => {
    const state = { notes: others(3), token: TOKEN, pageSize: 2 };
    const api = await startFakeApi(gitlabHandler(state));
    apis.push(api);
    const r = await comment(['--from', report], gitlabEnv(api.base));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created comment on group/web!3');
    expect(api.requests.map((q) => q.method)).toEqual(['GET', 'GET', 'POST']);
    expect(state.notes.at(-1)!.body).toBe(REPORT);
  });

  it('falls back to CI_JOB_TOKEN and explains a 403 by suggesting GITLAB_TOKEN', async () => {
    const api = await startFakeApi(gitlabHandler({ notes: [], token: TOKEN, pageSize: 2, jobTokenForbidden: true }));
    apis.push(api);
    const r = await comment(['--from', report], gitlabEnv(api.base, { GITLAB_TOKEN: undefined, CI_JOB_TOKEN: 'job-s3cret' }));
    expect(r.code).toBe(2);
    expect(api.requests[0]!.headers['job-token']).toBe('job-s3cret');
    expect(r.stderr).toMatch(/403: 403 Forbidden\).*CI_JOB_TOKEN.*project access token.*GITLAB_TOKEN/);
    expect(r.stderr).not.toContain('job-s3cret');
  });

  it('explains a rejected token (401)', async () => {
    const api = await startFakeApi(gitlabHandler({ notes: [], token: TOKEN, pageSize: 2 }));
    apis.push(api);
    const r = await comment(['--from', report], gitlabEnv(api.base, { GITLAB_TOKEN: 'glpat-wrong' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GitLab rejected GITLAB_TOKEN \(401: 401 Unauthorized\)/);
    expect(r.stderr).not.toContain('glpat-wrong');
  });

  it('posts nothing in a branch pipeline', async () => {
    const r = await comment(['--from', report], gitlabEnv('http://127.0.0.1:9', { CI_MERGE_REQUEST_IID: undefined }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not a merge request pipeline/);
  });
});

describe('nextLink', () => {
  it('finds rel="next" among other relations, quoted or not', () => {
    expect(nextLink('<https://a/x?page=3>; rel="last", <https://a/x?page=2>; rel="next"')).toBe('https://a/x?page=2');
    expect(nextLink('<https://a/x?page=2>; rel=next')).toBe('https://a/x?page=2');
    expect(nextLink('<https://a/x?page=1>; rel="prev first"')).toBeUndefined();
    expect(nextLink('garbage')).toBeUndefined();
  });
});

describe('commentBody', () => {
  it('adds the marker when the report lacks it and truncates to the platform limit with a note', async () => {
    const { commentBody } = await import('../../src/comment/index.js');
    expect(commentBody('### report\n', 1000).startsWith(`${COMMENT_MARKER}\n### report`)).toBe(true);
    const long = commentBody(`${COMMENT_MARKER}\n${'x'.repeat(70_000)}`, 65_536);
    expect(long.length).toBeLessThanOrEqual(65_536);
    expect(long).toMatch(/Report truncated to fit the comment size limit/);
    expect(long.startsWith(COMMENT_MARKER)).toBe(true);
  });
});
