/**
 * Every derived fact of one organization for one as-of date, with its evidence: scope, three
 * haves or "operates normally", ledger, coverage, members and formation advice. Pure; the
 * loader (src/facts/) gathers the input, the writer stores the result.
 */
import type { AsOf } from './as-of.js';
import { DEFAULT_RULES, type RulesConfig } from './config.js';
import type { Check, Fact } from './facts.js';
import { check } from './facts.js';
import {
  advise,
  evaluateCoverage,
  tallyMembers,
  type Advice,
  type AssignedOfficer,
  type Coverage,
  type CoveringBody,
  type MemberGroup,
  type MemberTally,
} from './party-coverage.js';
import { evaluateScope, type ScopeInput, type ScopeResult } from './scope.js';
import { evaluateOperatesNormally } from './social-org.js';
import { evaluateThreeHaves, type AnnualReport, type ThreeHaves } from './three-haves.js';

export interface OrganizationInput extends ScopeInput {
  withheld: readonly Fact[];
  annualReports: readonly AnnualReport[];
  businessAddresses: readonly Fact[];
  inspections: readonly Fact[];
  bodies: readonly CoveringBody[];
  officers: readonly AssignedOfficer[];
  members: readonly MemberGroup[];
}

export interface OrganizationFacts {
  asOf: string;
  scope: ScopeResult;
  /** Enterprises in scope only. */
  threeHaves: ThreeHaves | null;
  /** Social organizations in scope only. */
  operatesNormally: Check | null;
  inLedger: boolean;
  ledger: Check;
  coverage: Coverage;
  members: MemberTally;
  /** Ledger organizations without a body only. */
  advice: { advice: Advice; why: string } | null;
}

export function evaluateOrganization(input: OrganizationInput, a: AsOf, config: RulesConfig = DEFAULT_RULES): OrganizationFacts {
  const scope = evaluateScope(input, a);
  let threeHaves: ThreeHaves | null = null;
  let operatesNormally: Check | null = null;
  let ledger: Check;
  if (!scope.inScope) ledger = check(false, `out of scope: ${scope.primaryReason}`);
  else if (scope.kind === 'ENTERPRISE') {
    threeHaves = evaluateThreeHaves({ ...input, latestTaxState: scope.latestTaxState }, a);
    const missing = (['employees', 'premises', 'activity'] as const).filter((h) => !threeHaves![h].holds);
    ledger = check(threeHaves.all, threeHaves.all ? 'in-scope enterprise with all three haves' : `lacks: ${missing.join(', ')}`);
  } else {
    operatesNormally = evaluateOperatesNormally(input.inspections, a);
    ledger = check(
      operatesNormally.holds,
      operatesNormally.holds ? 'in-scope social organization operating normally' : 'does not operate normally',
    );
  }
  const coverage = evaluateCoverage(input.bodies, input.officers);
  const members = tallyMembers(input.members);
  return {
    asOf: a.date,
    scope,
    threeHaves,
    operatesNormally,
    inLedger: ledger.holds,
    ledger,
    coverage,
    members,
    advice: ledger.holds && !coverage.byBody.holds ? advise(members, config) : null,
  };
}
