/**
 * A mention in a comment's body: `@[Name](user-id)`. The name is what the writer saw; the id is
 * whom it means, so a renamed person is still found, and the page shows their current name.
 */
const mentionPattern = /@\[([^\]\n]{1,200})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

export interface Mention {
  userId: string;
  writtenName: string;
}

/** Each person the body mentions, once, in the order they first appear. */
export function mentionsIn(body: string): Mention[] {
  const found = new Map<string, Mention>();
  for (const [, writtenName, id] of body.matchAll(mentionPattern)) {
    const userId = id!.toLowerCase();
    if (!found.has(userId)) found.set(userId, { userId, writtenName: writtenName! });
  }
  return [...found.values()];
}

export const mentionToken = (person: { id: string; name: string }) => `@[${person.name.replace(/[\]\n]/g, ' ')}](${person.id})`;
