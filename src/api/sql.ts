/** Small SQL text helpers shared by the API's queries. */

/** `alias.snake_col as "snakeCol", …` so rows arrive with GraphQL's field names. */
export function selectCamel(alias: string, columns: readonly string[]): string {
  return columns.map((c) => `${alias}.${c} as "${c.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())}"`).join(', ');
}

/** Escapes LIKE wildcards in user text. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
