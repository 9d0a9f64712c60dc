// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { MhsmPrivateEndpointConnection } from "pulumi-azure-mhsm-pec";

// Every connection of the list is declared in the same state; a name taken out of the list is
// a resource removed from the program, so `pulumi up` deletes that connection in ARM.
const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");
const hsmName = config.require("hsmName");
const names = config.requireObject<string[]>("connections");
const status = (config.get("status") ?? "Approved") as "Approved" | "Rejected";
const description = config.get("description") || undefined;

const connections = names.map(
  (name) =>
    new MhsmPrivateEndpointConnection(name, {
      resourceGroupName,
      hsmName,
      privateEndpointConnectionName: name,
      status,
      description,
    }),
);

/** connection name -> ARM's status after this update. */
export const statuses = pulumi
  .all(connections.map((c) => pulumi.all([c.privateEndpointConnectionName, c.status])))
  .apply((pairs) => Object.fromEntries(pairs));
export const connectionIds = connections.map((c) => c.connectionId);
