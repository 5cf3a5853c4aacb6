/**
 * What deriving facts needs to know: the rule parameters and the as-of date. The date is a
 * function so a long-running server moves to the next day by itself.
 */
import type { HubEnv } from '../config/env.js';
import { today } from '../rules/as-of.js';
import { DEFAULT_RULES, type RulesConfig } from '../rules/config.js';

export interface RulesSettings {
  config: RulesConfig;
  /** The as-of date facts are stored for: HUB_AS_OF, or today. */
  asOf: () => string;
}

export function rulesFromEnv(env: HubEnv): RulesSettings {
  const config: RulesConfig = {
    windowMonths: env.HUB_RULE_WINDOW_MONTHS ?? DEFAULT_RULES.windowMonths,
    generalBranchMembers: env.HUB_ADVICE_GENERAL_BRANCH_MEMBERS ?? DEFAULT_RULES.generalBranchMembers,
    committeeMembers: env.HUB_ADVICE_COMMITTEE_MEMBERS ?? DEFAULT_RULES.committeeMembers,
  };
  const fixed = env.HUB_AS_OF;
  return { config, asOf: fixed ? () => fixed : () => today() };
}

/** The same settings for another as-of date (`hub ingest --as-of`, `hub derive --as-of`). */
export const withAsOf = (rules: RulesSettings, date: string): RulesSettings => ({ ...rules, asOf: () => date });
