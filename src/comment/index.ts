/**
 * The sticky pull/merge-request comment (`syncgate comment`): find the comment carrying
 * COMMENT_MARKER and edit it, else post one, on GitHub (issue comments) or GitLab (MR notes).
 */
export { postComment, type PostResult } from './post.js';
export { resolveTarget, pullRequestFromEvent, type Platform, type TargetFlags, type ResolvedTarget } from './target.js';
export { CommentError, nextLink } from './http.js';
export { upsertStickyComment, commentBody, type CommentThread, type UpsertResult } from './sticky.js';
export { githubThread, GITHUB_MAX_BODY, type GithubTarget } from './github.js';
export { gitlabThread, GITLAB_MAX_BODY, type GitlabTarget } from './gitlab.js';
