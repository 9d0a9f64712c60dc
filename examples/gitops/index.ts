// Until pulumi-azure-mhsm-pec is published on npm, install the release's tarball before
// `npm install` in a copy of this folder: npm install ./pulumi-azure-mhsm-pec-0.1.0.tgz
import * as pulumi from "@pulumi/pulumi";
import { MhsmPrivateEndpointConnection } from "pulumi-azure-mhsm-pec";

// Run by a pipeline, never by hand: the identity comes from the ARM_* variables the pipeline
// sets (GitHub Actions' OIDC, Pulumi ESC's azure-login) or from `azure-native:` stack config.
// The drift check (`pulumi preview --refresh --expect-no-changes`) fails when someone changes
// the connection by hand; `pulumi up --refresh` puts back what Azure lets it (not a rejection:
// only the consumer can reopen a rejected connection, and the run says so).
const config = new pulumi.Config();

const connection = new MhsmPrivateEndpointConnection("hsm-connection", {
  resourceGroupName: config.require("resourceGroupName"),
  hsmName: config.require("hsmName"),
  privateEndpointConnectionName: config.require("connectionName"),
  status: "Approved",
  description: "Kept Approved by the platform pipeline",
});

export const connectionId = connection.connectionId;
export const status = connection.status;
