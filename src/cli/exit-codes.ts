/** Exit codes the CLI uses; scripts and schedulers may branch on them. */
export const EXIT = {
  OK: 0,
  /** A fatal error while running (database unreachable, I/O failure). */
  FAILURE: 1,
  /** Wrong usage: unknown option, bad argument value. */
  USAGE: 2,
  /** Configuration invalid (environment, connector config). */
  CONFIG: 3,
} as const;
