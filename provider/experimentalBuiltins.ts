/**
 * Pulumi's closure serializer, run when a dynamic resource is registered, require()s every
 * built-in module to recognise them in captured values. On Node 22.13+ and 24 the list has the
 * `node:`-only modules, and the first load of `node:sqlite` prints "ExperimentalWarning: SQLite
 * is an experimental feature" into the diagnostics of every `pulumi up`: noise that is neither
 * ours nor the program's, and that a pipeline grepping the output trips on. Loading those
 * modules first, with only the ExperimentalWarnings of that load swallowed, leaves the
 * serializer nothing to print. Any other warning passes; process.emitWarning is restored.
 */

import { builtinModules } from "node:module";

let preloaded = false;

/** The `node:`-only built-ins (sqlite, sea, test...): the new and experimental ones. */
export function prefixOnlyBuiltins(): string[] {
  return builtinModules.filter((name) => name.startsWith("node:"));
}

export function preloadExperimentalBuiltins(): void {
  if (preloaded) {
    return;
  }
  preloaded = true;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, ...args: unknown[]) {
    const [, options] = args;
    const type =
      typeof options === "string" ? options : (options as { type?: unknown } | undefined)?.type;
    if (type !== "ExperimentalWarning") {
      Reflect.apply(emitWarning, process, args);
    }
  } as typeof process.emitWarning;
  try {
    for (const name of prefixOnlyBuiltins()) {
      try {
        require(name);
      } catch {
        // listed but not loadable in this build of Node: the serializer will not load it either
      }
    }
  } finally {
    process.emitWarning = emitWarning;
  }
}
