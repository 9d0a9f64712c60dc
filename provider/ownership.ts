/**
 * One owner per connection in a program. Two resources of one stack that declare the same
 * connection (two connection resources, or a connection resource and an approval policy of its
 * HSM or vault whose `exclude` lacks it) would each write what the other undoes, on every `up`.
 * Each resource claims what it declares once its names are known (at preview for plain values);
 * a second claim is an error naming both resources, which fails the preview before any write.
 * What a program cannot show (another stack, a subscription left to the provider's default on
 * one side only, a connection selected by endpoint on one side and by name on the other) is
 * left to the docs.
 */

import * as pulumi from "@pulumi/pulumi";
import { serviceProfileOf } from "./arm/serviceProfiles";

type Name = string | undefined;

/**
 * A parent as the program names it, as its ARM id (ARM compares ids case-insensitively): the
 * same parent whether named by parentResourceId or by the HSM's or vault's names.
 */
function parentKey(parent: NamedParent): string {
  const { resourceType, subscriptionId, resourceGroupName, name } = parent;
  return `/subscriptions/${subscriptionId ?? ""}/resourceGroups/${resourceGroupName}/providers/${resourceType}/${name}`.toLowerCase();
}

/** The parts of a parent's id, as a resource names them. */
interface NamedParent {
  resourceType: string;
  subscriptionId: Name;
  resourceGroupName: Name;
  name: Name;
}

const PARENT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i;

/**
 * The parent a resource names: by `parentResourceId`, or by the names of `kind` (a resource
 * type); undefined while its names are unknown.
 */
function namedParent(kind: ParentOf, names: Name[]): NamedParent | undefined {
  if (kind.byId) {
    const match = PARENT_ID.exec((names[0] ?? "").trim());
    if (!match) return undefined;
    return {
      subscriptionId: match[1],
      resourceGroupName: match[2],
      resourceType: match[3],
      name: match[4],
    };
  }
  const [subscriptionId, resourceGroupName, name] = names;
  if (!resourceGroupName || !name) return undefined;
  return { resourceType: kind.resourceType, subscriptionId, resourceGroupName, name };
}

/** How a resource names its parent: by its id, or by names of one resource type. */
export type ParentOf = { byId: true } | { byId?: false; resourceType: string; displayName: string };

function nounOf(kind: ParentOf, parent: NamedParent): string {
  if (!kind.byId) return kind.displayName;
  return serviceProfileOf(parent.resourceType)?.displayName ?? parent.resourceType;
}

interface ConnectionClaim {
  resource: pulumi.Resource;
  name: string;
  connection: string;
}

interface PolicyClaim {
  resource: pulumi.Resource;
  name: string;
  exclude: string[];
}

const connections = new Map<string, ConnectionClaim[]>();
const policies = new Map<string, PolicyClaim[]>();

/**
 * How a second claim is refused: an error on the resource, then an exception, because
 * `log.error` alone leaves the run's exit code 0 (pulumi/pulumi#6090); the exception ends the
 * program, and so the preview, with that message. Replaceable by tests.
 */
export const ownership = {
  refuse(resource: pulumi.Resource, message: string): void {
    throw new pulumi.ResourceError(message, resource);
  },
};

function refuse(resource: pulumi.Resource, message: string): void {
  ownership.refuse(resource, message);
}

function contend(connection: ConnectionClaim, policy: PolicyClaim): void {
  if (policy.exclude.some((n) => n.toLowerCase() === connection.connection.toLowerCase())) {
    return;
  }
  refuse(
    connection.resource,
    `'${connection.name}' declares private endpoint connection '${connection.connection}', and ` +
      `approval policy '${policy.name}' of the same parent would decide it too: each up would ` +
      `write what the other undoes. Add '${connection.connection}' to the policy's exclude.`,
  );
}

/** The names a connection resource declares its connection by. */
export interface DeclaredConnection {
  /** Its parent's names: [parentResourceId], or [subscriptionId, resourceGroupName, name]. */
  parent: pulumi.Input<Name>[];
  privateEndpointConnectionName?: pulumi.Input<string>;
  privateEndpointId?: pulumi.Input<string>;
}

/** A connection resource claims the connection it names (by name or by its endpoint's id). */
export function claimConnection(
  resource: pulumi.Resource,
  name: string,
  kind: ParentOf,
  declared: DeclaredConnection,
): void {
  const selectors = [declared.privateEndpointConnectionName, declared.privateEndpointId];
  pulumi.all([pulumi.all(declared.parent), pulumi.all(selectors)]).apply(([names, chosen]) => {
    const [connectionName, endpointId] = chosen;
    const selector = connectionName ?? endpointId;
    const named = namedParent(kind, names);
    if (!named || !selector) return;
    const key = parentKey(named);
    const parent = named.name;
    const others = connections.get(key) ?? [];
    const first = others.find((o) => o.connection.toLowerCase() === selector.toLowerCase());
    if (first) {
      refuse(
        resource,
        `'${first.name}' and '${name}' both declare private endpoint connection '${selector}' ` +
          `of ${nounOf(kind, named)} '${parent}': each up would write what the other undoes. Declare it once.`,
      );
    }
    const claim = { resource, name, connection: selector };
    connections.set(key, [...others, claim]);
    // A policy's exclude names connections; one selected by its endpoint cannot be matched.
    if (connectionName) for (const policy of policies.get(key) ?? []) contend(claim, policy);
  });
}

/**
 * A policy claims its parent's connections, less those it excludes; a second policy of the
 * same parent is refused, whatever the two exclude.
 */
export function claimParent(
  resource: pulumi.Resource,
  name: string,
  kind: ParentOf,
  names: pulumi.Input<Name>[],
  exclude: pulumi.Input<pulumi.Input<string>[]> | undefined,
): void {
  pulumi.all([pulumi.all(names), pulumi.output(exclude ?? [])]).apply(([parts, excluded]) => {
    const named = namedParent(kind, parts);
    if (!named) return;
    const key = parentKey(named);
    const parent = named.name;
    const noun = nounOf(kind, named);
    const claim = { resource, name, exclude: excluded };
    const first = policies.get(key)?.[0];
    if (first) {
      // With scope "all" one could reject what the other approves, and a rejection is final.
      refuse(
        resource,
        `'${first.name}' and '${name}' are both approval policies of ${noun} '${parent}': ` +
          `each up would write what the other undoes. Declare one policy per ${noun}.`,
      );
    }
    policies.set(key, [...(policies.get(key) ?? []), claim]);
    for (const connection of connections.get(key) ?? []) {
      if (!connection.connection.startsWith("/")) contend(connection, claim);
    }
  });
}
