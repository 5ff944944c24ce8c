import { GITHUB_MAX_BODY, githubThread } from './github.js';
import { GITLAB_MAX_BODY, gitlabThread } from './gitlab.js';
import { CommentError } from './http.js';
import { commentBody, upsertStickyComment, type UpsertResult } from './sticky.js';
import { resolveTarget, type Platform, type TargetFlags } from './target.js';

export type PostResult = (UpsertResult & { platform: Platform; where: string }) | { platform: Platform; skipped: string };

/**
 * Posts `markdown` as the sticky comment of the pull/merge request the flags and the CI
 * environment name. Errors are CommentErrors whose messages never contain the token.
 */
export async function postComment(markdown: string, flags: TargetFlags, env: NodeJS.ProcessEnv, fetchImpl?: typeof fetch): Promise<PostResult> {
  const resolved = resolveTarget(flags, env);
  if ('skip' in resolved) return { platform: resolved.platform, skipped: resolved.skip };
  const token = resolved.platform === 'github' ? resolved.target.token : resolved.target.token.value;
  try {
    if (resolved.platform === 'github') {
      const { target } = resolved;
      const result = await upsertStickyComment(githubThread(target, fetchImpl), commentBody(markdown, GITHUB_MAX_BODY));
      return { ...result, platform: 'github', where: `${target.repository}#${target.number}` };
    }
    const { target } = resolved;
    const result = await upsertStickyComment(gitlabThread(target, fetchImpl), commentBody(markdown, GITLAB_MAX_BODY));
    return { ...result, platform: 'gitlab', where: `${target.project}!${target.mergeRequest}` };
  } catch (err) {
    // Belt and braces: whatever went wrong, the token is not repeated in the message.
    const message = ((err as Error).message ?? String(err)).split(token).join('***');
    throw new CommentError(message);
  }
}
