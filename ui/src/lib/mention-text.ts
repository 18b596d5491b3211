/** A comment's body in pieces: plain text, and mentions written `@[Name](user-id)`. */
export type CommentPiece = { text: string } | { mentionOf: string; userId: string };

const mention = /@\[([^\]\n]{1,200})\]\(([0-9a-f-]{36})\)/gi;

/** The body's pieces; a mention shows the person's current name when it is known. */
export function commentPieces(body: string, names: Map<string, string | null>): CommentPiece[] {
  const pieces: CommentPiece[] = [];
  let at = 0;
  for (const match of body.matchAll(mention)) {
    if (match.index > at) pieces.push({ text: body.slice(at, match.index) });
    const userId = match[2]!.toLowerCase();
    pieces.push({ mentionOf: names.get(userId) ?? match[1]!, userId });
    at = match.index + match[0].length;
  }
  if (at < body.length) pieces.push({ text: body.slice(at) });
  return pieces;
}

/** What the picker inserts for a person. */
export const mentionOf = (person: { id: string; name: string }) => `@[${person.name.replace(/[\]\n]/g, ' ')}](${person.id})`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
