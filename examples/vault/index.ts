// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { KeyVaultPrivateEndpointConnection } from "pulumi-azure-mhsm-pec";

// The same as examples/basic, for a key vault (Microsoft.KeyVault/vaults) instead of a
// Managed HSM: the connection exists already, made Pending by the consumer's private
// endpoint; this program declares what it must be.
const config = new pulumi.Config();

const connection = new KeyVaultPrivateEndpointConnection("vault-connection", {
  resourceGroupName: config.require("resourceGroupName"),
  vaultName: config.require("vaultName"),
  privateEndpointConnectionName: config.require("connectionName"),
  // Anything but Approved/Rejected is refused by the provider's check, before any ARM call.
  status: (config.get("status") ?? "Approved") as "Approved" | "Rejected",
  description: config.get("description") || undefined,
});

export const connectionName = connection.privateEndpointConnectionName;
export const connectionId = connection.connectionId;
export const status = connection.status;
export const provisioningState = connection.provisioningState;
export const privateEndpointId = connection.privateEndpointId;
