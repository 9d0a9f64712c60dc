import type { Report } from "../arm/lro";
import type { HookContext } from "../hooks/context";

/** What the policy's hooks are given: the connection hooks' context, and two policy settings. */
export interface PolicyContext {
  hook: HookContext;
  /** Messages that stay in a preview's diagnostics: which connections an update would change. */
  notice: Report;
  /** Writes (and their settle waits) in flight at once, under ARM's write throttling. */
  maxConcurrentWrites: number;
}

/**
 * Eight writes in flight keep a subscription's write bucket (ARM refills it at a few per
 * second) busy through each write's settle wait, without a queue of 429s behind it.
 */
export const DEFAULT_MAX_CONCURRENT_WRITES = 8;
