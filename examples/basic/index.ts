// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { MhsmPrivateEndpointConnection } from "pulumi-azure-mhsm-pec";

// The connection exists already: the consumer's private endpoint created it, Pending.
// This program declares what it must be; `pulumi up` makes it so and keeps it so.
const config = new pulumi.Config();

const connection = new MhsmPrivateEndpointConnection("hsm-connection", {
  resourceGroupName: config.require("resourceGroupName"),
  hsmName: config.require("hsmName"),
  privateEndpointConnectionName: config.require("connectionName"),
  // Anything but Approved/Rejected is refused by the provider's check, before any ARM call.
  status: (config.get("status") ?? "Approved") as "Approved" | "Rejected",
  description: config.get("description") || undefined,
  // What destroy (or removing this resource) does: delete (default), reject, or retain.
  onDelete: (config.get("onDelete") ?? "delete") as "delete" | "reject" | "retain",
});

export const connectionId = connection.connectionId;
export const status = connection.status;
export const provisioningState = connection.provisioningState;
export const privateEndpointId = connection.privateEndpointId;
