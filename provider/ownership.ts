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

type Name = string | undefined;

/** A parent HSM or vault as the program names it; ARM compares names case-insensitively. */
function parentKey(kind: string, subscriptionId: Name, resourceGroupName: Name, parent: Name) {
  return [kind, subscriptionId ?? "", resourceGroupName, parent].join("/").toLowerCase();
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
  subscriptionId?: pulumi.Input<string>;
  resourceGroupName?: pulumi.Input<string>;
  parentName?: pulumi.Input<string>;
  privateEndpointConnectionName?: pulumi.Input<string>;
  privateEndpointId?: pulumi.Input<string>;
}

/** A connection resource claims the connection it names (by name or by its endpoint's id). */
export function claimConnection(
  resource: pulumi.Resource,
  name: string,
  kind: string,
  declared: DeclaredConnection,
): void {
  const { subscriptionId, resourceGroupName, parentName } = declared;
  const selectors = [declared.privateEndpointConnectionName, declared.privateEndpointId];
  pulumi.all([subscriptionId, resourceGroupName, parentName, ...selectors]).apply((values) => {
    const [subscription, group, parent, connectionName, endpointId] = values;
    const selector = connectionName ?? endpointId;
    if (!group || !parent || !selector) return;
    const key = parentKey(kind, subscription, group, parent);
    const others = connections.get(key) ?? [];
    const first = others.find((o) => o.connection.toLowerCase() === selector.toLowerCase());
    if (first) {
      refuse(
        resource,
        `'${first.name}' and '${name}' both declare private endpoint connection '${selector}' ` +
          `of ${kind} '${parent}': each up would write what the other undoes. Declare it once.`,
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
  kind: string,
  names: pulumi.Input<Name>[],
  exclude: pulumi.Input<pulumi.Input<string>[]> | undefined,
): void {
  pulumi.all([pulumi.all(names), pulumi.output(exclude ?? [])]).apply(([parts, excluded]) => {
    const [subscriptionId, resourceGroupName, parent] = parts;
    if (!resourceGroupName || !parent) return;
    const key = parentKey(kind, subscriptionId, resourceGroupName, parent);
    const claim = { resource, name, exclude: excluded };
    const first = policies.get(key)?.[0];
    if (first) {
      // With scope "all" one could reject what the other approves, and a rejection is final.
      refuse(
        resource,
        `'${first.name}' and '${name}' are both approval policies of ${kind} '${parent}': ` +
          `each up would write what the other undoes. Declare one policy per ${kind}.`,
      );
    }
    policies.set(key, [...(policies.get(key) ?? []), claim]);
    for (const connection of connections.get(key) ?? []) {
      if (!connection.connection.startsWith("/")) contend(connection, claim);
    }
  });
}
