/**
 * What the running deployment declares, kept per provider process. The engine runs one `up` in
 * one provider process: check for every resource the program declares first, then creates and
 * updates, and the deletes last (the old resource of a replacement, the old URN of a rename, a
 * resource gone from the program, a pending delete an interrupted `up` left). A delete is
 * handed only the id and the old outputs, never the program; this record tells it whether a
 * resource the program still declares names the same connection. Then the delete leaves the
 * connection to that resource, which has already put it in its declared status, instead of
 * deleting or rejecting what the program declares. `pulumi destroy` calls no check, so there
 * nothing is declared and every delete acts.
 *
 * Module state, as stackConfig.ts: every hook call may get a fresh provider object.
 */

import { formatParentId, sameArmName, type ConnectionRef, type ParentRef } from "./arm/ids";

/** How a connection resource names its connection: by name, by its endpoint's id, or both. */
export interface ConnectionSelector {
  name?: string;
  privateEndpointId?: string;
}

export class DeclaredInDeployment {
  private readonly connections = new Set<string>();
  /** Parent id -> the connection names its approval policy excludes. */
  private readonly policies = new Map<string, string[]>();

  /** A connection resource of this deployment names this connection. */
  declareConnection(parent: ParentRef, selector: ConnectionSelector): void {
    if (selector.name) this.connections.add(byName(parent, selector.name));
    if (selector.privateEndpointId) {
      this.connections.add(byEndpoint(parent, selector.privateEndpointId));
    }
  }

  /** An approval policy of this deployment decides this parent's connections but `exclude`. */
  declarePolicy(parent: ParentRef, exclude: string[]): void {
    this.policies.set(parentKey(parent), exclude);
  }

  /**
   * What of this deployment still declares the connection, in words for a message; undefined
   * when nothing does.
   */
  declarerOf(ref: ConnectionRef, privateEndpointId?: string): string | undefined {
    if (
      this.connections.has(byName(ref, ref.connectionName)) ||
      (privateEndpointId !== undefined &&
        privateEndpointId !== "" &&
        this.connections.has(byEndpoint(ref, privateEndpointId)))
    ) {
      return "a connection resource of this deployment";
    }
    const excluded = this.policies.get(parentKey(ref));
    if (excluded !== undefined && !excluded.some((n) => sameArmName(n, ref.connectionName))) {
      return "the approval policy of its parent in this deployment";
    }
    return undefined;
  }

  /** Whether an approval policy of this deployment decides this parent's connections. */
  declaresPolicyOf(parent: ParentRef): boolean {
    return this.policies.has(parentKey(parent));
  }
}

function parentKey(parent: ParentRef): string {
  return formatParentId(parent).toLowerCase();
}

function byName(parent: ParentRef, name: string): string {
  return `${parentKey(parent)}/privateendpointconnections/${name.toLowerCase()}`;
}

function byEndpoint(parent: ParentRef, privateEndpointId: string): string {
  return `${parentKey(parent)}|endpoint|${privateEndpointId.toLowerCase()}`;
}

/** The one record of this process, shared by every provider object the host makes. */
export const declaredInThisProcess = new DeclaredInDeployment();
