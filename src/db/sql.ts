/** Small SQL text helpers shared by the hub's hand-written queries. */

/** `alias.snake_col as "snakeCol", …` so rows arrive with GraphQL's field names. */
export function selectCamel(alias: string, columns: readonly string[]): string {
  return columns.map((c) => `${alias}.${c} as "${c.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())}"`).join(', ');
}

/** Escapes LIKE wildcards in user text. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A WHERE clause built filter by filter: `add` numbers the parameter, `where()` joins the
 * conditions (`true` when there are none).
 */
export class Conditions {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(clause: (placeholder: string) => string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(clause(`$${this.params.length}`));
  }

  /** A condition without a parameter. */
  push(clause: string): void {
    this.clauses.push(clause);
  }

  where(): string {
    return this.clauses.length ? this.clauses.join(' and ') : 'true';
  }
}
