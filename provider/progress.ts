/**
 * Progress while waiting on ARM goes to the engine as ephemeral status lines: a long delete
 * shows that it is alive in the progress display, and leaves nothing behind in the
 * diagnostics of a quiet run. The dynamic-provider host does not connect Pulumi's log to the
 * engine, so this connects to the address the engine started it with. Outside the host (a
 * test, a script) Pulumi's log falls back to the console.
 */

import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import type { Report } from "./arm/lro";

let engine: EngineClient | null | undefined;

function engineOfProviderHost(): EngineClient | null {
  if (engine === undefined) {
    const host = require.main?.filename ?? "";
    const address = process.argv[2] ?? "";
    engine =
      /[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/.test(host) && /^[\w.[\]:-]+:\d+$/.test(address)
        ? new EngineClient(address, grpc.credentials.createInsecure())
        : null;
  }
  return engine;
}

export const pulumiProgress: Report = (message) => {
  const client = engineOfProviderHost();
  if (client === null) {
    pulumi.log.info(message, undefined, undefined, true).catch(() => undefined);
    return;
  }
  logEphemeral(client, message);
};

/** Progress, warnings and notices for a process the engine started with `address` (the plugin). */
export function engineReports(address: string): {
  report: Report;
  warning: Report;
  notice: Report;
} {
  const client = new EngineClient(address, grpc.credentials.createInsecure());
  return {
    report: (message) => logEphemeral(client, message),
    warning: (message) => logTo(client, LogSeverity.WARNING, message, false),
    notice: (message) => logTo(client, LogSeverity.INFO, message, false),
  };
}

function logEphemeral(client: EngineClient, message: string): void {
  logTo(client, LogSeverity.INFO, message, true);
}

function logTo(client: EngineClient, severity: LogSeverity, message: string, ephemeral: boolean) {
  const request = new LogRequest();
  request.setSeverity(severity);
  request.setMessage(message);
  request.setEphemeral(ephemeral);
  client.log(request, () => undefined);
}

/**
 * A message that stays in the run's diagnostics (not ephemeral): what a preview says an
 * update would do, where the dynamic-provider protocol has no detailed diff to say it.
 */
export const pulumiNotice: Report = (message) => lasting(LogSeverity.INFO, message);

/** A lasting warning: what check accepts but the user should know (the protocol has no field). */
export const pulumiWarning: Report = (message) => lasting(LogSeverity.WARNING, message);

function lasting(severity: LogSeverity, message: string): void {
  const client = engineOfProviderHost();
  if (client === null) {
    const log = severity === LogSeverity.WARNING ? pulumi.log.warn : pulumi.log.info;
    log(message).catch(() => undefined);
    return;
  }
  logTo(client, severity, message, false);
}
