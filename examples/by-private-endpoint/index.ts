// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { MhsmPrivateEndpointConnection } from "pulumi-azure-mhsm-pec";

// The consumer's private endpoint creates the connection, Pending, under a name ARM generates
// ("<endpoint name>.<guid>"). This program knows the endpoint, not that name: the provider
// lists the HSM's connections and manages the one the endpoint made. With
// waitForConnectionSeconds, `pulumi up` also waits for it while the endpoint is being created.
const config = new pulumi.Config();

const connection = new MhsmPrivateEndpointConnection("hsm-connection", {
  resourceGroupName: config.require("resourceGroupName"),
  hsmName: config.require("hsmName"),
  privateEndpointId: config.require("privateEndpointId"),
  waitForConnectionSeconds: config.getNumber("waitForConnectionSeconds") ?? 0,
  // Anything but Approved/Rejected is refused by the provider's check, before any ARM call.
  status: (config.get("status") ?? "Approved") as "Approved" | "Rejected",
  description: config.get("description") || undefined,
});

/** The name ARM gave the connection, as resolved from the private endpoint's id. */
export const connectionName = connection.privateEndpointConnectionName;
export const connectionId = connection.connectionId;
export const status = connection.status;
export const provisioningState = connection.provisioningState;
