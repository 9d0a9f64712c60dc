// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { PrivateEndpointConnection, PrivateEndpointConnectionPolicy } from "pulumi-azure-mhsm-pec";

// One program for the connections of any private-link service: a storage account, a SQL server,
// a registry and an HSM are parents alike, each named by its ARM id. The provider knows how each
// service answers (synchronous or long-running writes, its status rules), so the program does not.
interface DeclaredConnection {
  parentResourceId: string;
  privateEndpointConnectionName: string;
  status?: "Approved" | "Rejected";
  description?: string;
}

const config = new pulumi.Config();
const connections = config.getObject<DeclaredConnection[]>("connections") ?? [];
const policyParents = config.getObject<string[]>("policyParents") ?? [];
const approvedSubscriptionIds = config.requireObject<string[]>("approvedSubscriptionIds");

/** "storageAccounts/acct": a parent's type and name, unique within a resource group. */
function shortName(parentResourceId: string): string {
  return parentResourceId.split("/").slice(-2).join("/");
}

const declared = connections.map(
  (c) =>
    new PrivateEndpointConnection(
      `${shortName(c.parentResourceId)}/${c.privateEndpointConnectionName}`,
      {
        parentResourceId: c.parentResourceId,
        privateEndpointConnectionName: c.privateEndpointConnectionName,
        status: c.status ?? "Approved",
        description: c.description,
      },
    ),
);

// A policy decides the parent's Pending connections by rule, leaving alone the ones declared
// above (one owner per connection).
const policies = policyParents.map(
  (parentResourceId) =>
    new PrivateEndpointConnectionPolicy(`policy/${shortName(parentResourceId)}`, {
      parentResourceId,
      rules: [
        {
          name: "our-subscriptions",
          action: "Approved",
          match: { subscriptionIds: approvedSubscriptionIds },
          description: "Approved: one of our subscriptions",
        },
      ],
      otherwise: "Rejected",
      exclude: connections
        .filter((c) => c.parentResourceId.toLowerCase() === parentResourceId.toLowerCase())
        .map((c) => c.privateEndpointConnectionName),
    }),
);

/** connection id -> ARM's status after this update. */
export const statuses = pulumi
  .all(declared.map((c) => pulumi.all([c.connectionId, c.status])))
  .apply((pairs) => Object.fromEntries(pairs));
/** parent id -> how many connections its policy approved, rejected, left. */
export const policyCounts = pulumi
  .all(policies.map((p) => pulumi.all([p.parentResourceId, p.counts])))
  .apply((pairs) => Object.fromEntries(pairs));
