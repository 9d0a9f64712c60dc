#!/usr/bin/env node
/**
 * The entry point of the `azure-mhsm-pec` resource plugin (bin/pulumi-resource-azure-mhsm-pec
 * runs it on Node). The engine starts it with its address as the first argument that is not a
 * flag; progress while waiting on ARM goes there, as the dynamic provider's does.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { engineReports } from "../progress";
import { pluginProvider } from "./pluginProvider";
import { passReadInputs } from "./readInputs";
import { readRequestsWithoutStateAsEmpty } from "./readWithoutState";
import { passRequestTimeouts } from "./requestTimeouts";

/** Set by the release's bundler (tools/release): a bundled plugin has no package.json beside it. */
declare const BUNDLED_PLUGIN_VERSION: string | undefined;

/** The package's version, from its package.json (or as the bundle was built with it). */
function packageVersion(): string {
  if (typeof BUNDLED_PLUGIN_VERSION === "string") {
    return BUNDLED_PLUGIN_VERSION;
  }
  // dist/provider/plugin/main.js -> the package root.
  const manifest = path.join(__dirname, "..", "..", "..", "package.json");
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

function engineAddressOf(args: string[]): string | undefined {
  const flagsWithValue = new Set(["--tracing"]);
  for (let i = 0; i < args.length; i++) {
    if (flagsWithValue.has(args[i])) {
      i += 1;
    } else if (!args[i].startsWith("-")) {
      return args[i];
    }
  }
  return undefined;
}

readRequestsWithoutStateAsEmpty();
passReadInputs();
passRequestTimeouts();
const args = process.argv.slice(2);
const address = engineAddressOf(args);
main(pluginProvider(packageVersion(), address ? engineReports(address) : {}), args).catch(
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
