/**
 * The stack configuration the provider host was configured with, kept per process. The
 * serialized shim cannot hold it: Pulumi's closure serialization re-creates captured
 * variables on each call, so every hook call may get a fresh provider object, and only
 * module state (one copy per process, as `require` caches modules) outlives `configure`.
 */

import type { StackConfig } from "./settings";

let configured: StackConfig = {};

export function rememberStackConfig(config: StackConfig): void {
  configured = { ...config };
}

export function rememberedStackConfig(): StackConfig {
  return configured;
}
