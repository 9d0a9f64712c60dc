import * as pulumi from "@pulumi/pulumi";
import { PrivateEndpointConnection, PrivateEndpointConnectionPolicy } from "pulumi-azure-mhsm-pec";

// The resources of any private-link service, their parents given by ARM id: one connection of
// a Managed HSM, and an approval policy of a key vault's connections.
const config = new pulumi.Config();

const connection = new PrivateEndpointConnection("hsm-connection", {
  parentResourceId: config.require("hsmId"),
  privateEndpointConnectionName: config.require("hsmConnection"),
  status: "Approved",
  description: config.get("description"),
});

const policy = new PrivateEndpointConnectionPolicy("vault-policy", {
  parentResourceId: config.require("vaultId"),
  rules: [
    {
      name: "ours",
      action: "Approved",
      match: { subscriptionIds: config.requireObject<string[]>("approvedSubscriptionIds") },
    },
  ],
  otherwise: "Rejected",
});

export const connectionStatus = connection.status;
export const connectionParent = connection.parentResourceId;
export const policyCounts = policy.counts;
