import { COMMENT_MARKER } from '../report/index.js';

export interface ExistingComment {
  id: number | string;
  body: string;
}

/** What a platform offers for one pull/merge request's comments. */
export interface CommentThread {
  /** Every comment, oldest first, page by page (bounded by the platform client). */
  list(): AsyncIterable<ExistingComment>;
  update(id: ExistingComment['id'], body: string): Promise<{ url?: string }>;
  create(body: string): Promise<{ url?: string }>;
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged';
  url?: string;
}

/**
 * The sticky comment: the first comment carrying COMMENT_MARKER is edited in place (left alone
 * when its text is already the same); without one, a new comment is posted.
 */
export async function upsertStickyComment(thread: CommentThread, body: string): Promise<UpsertResult> {
  for await (const comment of thread.list()) {
    if (!comment.body.includes(COMMENT_MARKER)) continue;
    if (comment.body.trim() === body.trim()) return { action: 'unchanged' };
    return { action: 'updated', ...(await thread.update(comment.id, body)) };
  }
  return { action: 'created', ...(await thread.create(body)) };
}

/** The marker first (reports written by `--format markdown` have it), and the body within the platform's limit. */
export function commentBody(markdown: string, maxChars: number): string {
  let body = markdown.includes(COMMENT_MARKER) ? markdown : `${COMMENT_MARKER}\n${markdown}`;
  if (body.length > maxChars) {
    const note = '\n\n> [!WARNING]\n> Report truncated to fit the comment size limit; the full report is in the job log and artifacts.\n';
    body = body.slice(0, maxChars - note.length) + note;
  }
  return body;
}
