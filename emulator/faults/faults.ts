import { badRequest } from "../errors";
import type { Fault, FaultRule, RequestOp } from "../types";

/**
 * Injected faults: the first rule that matches a request and has uses left applies to it.
 * Rules arrive as JSON over the control API too, so they are checked field by field.
 */

const OPS: readonly RequestOp[] = [
  "get",
  "put",
  "delete",
  "list",
  "poll",
  "getParent",
  "metadata",
  "listSubscriptions",
  "getSubscription",
  "listParents",
  "listResources",
  "token",
  "openid",
  "oidcToken",
  "msiToken",
  "other",
];

export interface FaultTarget {
  method: string;
  op: RequestOp;
  /** Path and query, as received. */
  path: string;
}

function invalid(message: string): never {
  throw badRequest(`fault rule: ${message}`);
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value !== undefined && typeof value !== "string") {
    invalid(`${name} must be a string`);
  }
  return value;
}

function checkFault(fault: unknown): Fault {
  const f = fault as Record<string, unknown> | null;
  if (typeof f !== "object" || f === null) {
    invalid("fault must be an object");
  }
  switch (f.kind) {
    case "status": {
      const status = f.status;
      if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
        invalid("fault.status must be an HTTP status code");
      }
      const retryAfterSeconds = f.retryAfterSeconds;
      if (
        retryAfterSeconds !== undefined &&
        (typeof retryAfterSeconds !== "number" ||
          !Number.isInteger(retryAfterSeconds) ||
          retryAfterSeconds < 0)
      ) {
        invalid("fault.retryAfterSeconds must be an integer >= 0");
      }
      return {
        kind: "status",
        status,
        code: optionalString(f.code, "fault.code"),
        message: optionalString(f.message, "fault.message"),
        retryAfterSeconds,
      };
    }
    case "page": {
      const status = f.status;
      if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
        invalid("fault.status must be an HTTP status code");
      }
      return {
        kind: "page",
        status,
        body: optionalString(f.body, "fault.body"),
        contentType: optionalString(f.contentType, "fault.contentType"),
      };
    }
    case "reset":
      return { kind: "reset" };
    case "delay": {
      const ms = f.ms;
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
        invalid("fault.ms must be a number >= 0");
      }
      return { kind: "delay", ms };
    }
    default:
      return invalid(
        `fault.kind must be "status", "page", "reset" or "delay" (got ${JSON.stringify(f.kind)})`,
      );
  }
}

/** The rule with defaults applied, or a 400 ArmError saying what is wrong. */
export function checkFaultRule(rule: unknown): Required<FaultRule> {
  const r = rule as Record<string, unknown> | null;
  if (typeof r !== "object" || r === null) {
    invalid("a rule must be an object { match, count?, fault }");
  }
  const match = (r.match ?? {}) as Record<string, unknown>;
  if (typeof match !== "object" || match === null) {
    invalid("match must be an object");
  }
  const op = match.op;
  if (op !== undefined && !OPS.includes(op as RequestOp)) {
    invalid(`match.op must be one of ${OPS.join(", ")}`);
  }
  const count = r.count ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
    invalid("count must be an integer >= 1");
  }
  return {
    match: {
      method: optionalString(match.method, "match.method"),
      op: op as RequestOp | undefined,
      pathIncludes: optionalString(match.pathIncludes, "match.pathIncludes"),
    },
    count,
    fault: checkFault(r.fault),
  };
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  const { method, op, pathIncludes } = rule.match;
  return (
    (method === undefined || method.toUpperCase() === target.method.toUpperCase()) &&
    (op === undefined || op === target.op) &&
    (pathIncludes === undefined || target.path.toLowerCase().includes(pathIncludes.toLowerCase()))
  );
}

export class FaultInjector {
  private rules: Array<{ rule: Required<FaultRule>; remaining: number }> = [];

  add(rule: unknown): void {
    const checked = checkFaultRule(rule);
    this.rules.push({ rule: checked, remaining: checked.count });
  }

  clear(): void {
    this.rules = [];
  }

  /** How many faulted answers the rules still hold: 0 once every matching request came. */
  pending(): number {
    return this.rules.reduce((sum, e) => sum + e.remaining, 0);
  }

  /** The fault for this request, using up one of its rule's uses. */
  take(target: FaultTarget): Fault | undefined {
    const entry = this.rules.find((e) => e.remaining > 0 && matches(e.rule, target));
    if (!entry) {
      return undefined;
    }
    entry.remaining -= 1;
    this.rules = this.rules.filter((e) => e.remaining > 0);
    return entry.rule.fault;
  }
}
