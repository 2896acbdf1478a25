/** Loose matching of what people type after a command: case, punctuation and partial words do not matter. */

export const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Every word of the query appears in the text's words, partial words too ("rm prem" fits "RM Premium"). */
export function matchesAll(haystack: readonly string[], query: readonly string[]): boolean {
  return query.length > 0 && query.every((word) => haystack.some((candidate) => candidate.includes(word)));
}
