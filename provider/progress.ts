import * as pulumi from "@pulumi/pulumi";
import type { Report } from "./arm/lro";

/**
 * Progress while waiting on ARM goes to Pulumi's log as ephemeral status lines, so a long
 * delete shows that it is alive without filling the output. Where no engine is reachable
 * (a test, a script), Pulumi's log falls back to the console.
 */
export const pulumiProgress: Report = (message) => {
  pulumi.log.info(message, undefined, undefined, true).catch(() => undefined);
};
