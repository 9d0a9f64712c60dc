// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { MhsmPrivateEndpointConnectionPolicy, type RuleArgs } from "pulumi-azure-mhsm-pec";

// Consumers create private endpoints to the HSM whenever they like; each makes a Pending
// connection with a generated name. This program says which consumers are allowed, by rule;
// `pulumi up` approves them and rejects the rest, and `pulumi preview --expect-no-changes`
// (or with --refresh) fails whenever a new connection waits for a decision.
const config = new pulumi.Config();

const rules: RuleArgs[] = [
  {
    name: "platform-subscriptions",
    action: "Approved",
    match: { subscriptionIds: config.requireObject<string[]>("approvedSubscriptionIds") },
    description: "Approved: a platform subscription",
  },
];
// An endpoint's name is its creator's choice, in any subscription or tenant: a rule on names
// approves only together with the subscriptions it trusts (check refuses it otherwise).
const endpointNames = config.getObject<string[]>("approvedEndpointNames") ?? [];
if (endpointNames.length > 0) {
  rules.push({
    name: "partner-shared-endpoints",
    action: "Approved",
    match: {
      subscriptionIds: config.getObject<string[]>("partnerSubscriptionIds") ?? [],
      privateEndpointNames: endpointNames,
    },
  });
}

const policy = new MhsmPrivateEndpointConnectionPolicy("approval-policy", {
  resourceGroupName: config.require("resourceGroupName"),
  hsmName: config.require("hsmName"),
  rules,
  // Anything but these values is refused by the provider's check, before any ARM call.
  otherwise: (config.get("otherwise") ?? "Rejected") as "leave" | "Rejected",
  scope: (config.get("scope") ?? "pending") as "pending" | "all",
  exclude: config.getObject<string[]>("exclude") ?? [],
  onDelete: (config.get("onDelete") ?? "retain") as "retain" | "reject" | "delete",
});

/** One per connection: its name, its consumer's private endpoint, its status, the deciding rule. */
export const decisions = policy.decisions;
export const counts = policy.counts;
