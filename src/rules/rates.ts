/** DOMAIN.md: a coverage rate over an empty ledger is null — not 0, not 1. Pure. */
export function coverageRate(covered: number, ledger: number): number | null {
  return ledger === 0 ? null : covered / ledger;
}
