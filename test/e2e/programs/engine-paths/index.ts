import * as pulumi from "@pulumi/pulumi";
import {
  MhsmPrivateEndpointConnection,
  MhsmPrivateEndpointConnectionPolicy,
} from "pulumi-azure-mhsm-pec";

// Every resource, its name and its resource options come from config, so that one test can
// take the engine down each path (a forced replace, a rename with or without an alias,
// replaceOnChanges, retainOnDelete, protect, a new name, a removal) by changing config alone.
type OnDelete = "delete" | "reject" | "retain";

interface Options {
  aliases?: string[];
  replaceOnChanges?: string[];
  retainOnDelete?: boolean;
  protect?: boolean;
}

interface DeclaredConnection extends Options {
  resource: string;
  connection: string;
  status?: "Approved" | "Rejected";
  onDelete?: OnDelete;
}

interface DeclaredPolicy extends Options {
  resource: string;
  hsmName: string;
  approvedSubscriptionIds: string[];
  onDelete?: OnDelete;
}

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");
const hsmName = config.require("hsmName");

const options = (declared: Options): pulumi.CustomResourceOptions => ({
  aliases: declared.aliases?.map((name) => ({ name })),
  replaceOnChanges: declared.replaceOnChanges,
  retainOnDelete: declared.retainOnDelete,
  protect: declared.protect,
});

for (const declared of config.getObject<DeclaredConnection[]>("connections") ?? []) {
  new MhsmPrivateEndpointConnection(
    declared.resource,
    {
      resourceGroupName,
      hsmName,
      privateEndpointConnectionName: declared.connection,
      status: declared.status ?? "Approved",
      onDelete: declared.onDelete ?? "delete",
    },
    options(declared),
  );
}

const policy = config.getObject<DeclaredPolicy>("policy");
if (policy) {
  new MhsmPrivateEndpointConnectionPolicy(
    policy.resource,
    {
      resourceGroupName,
      hsmName: policy.hsmName,
      rules: [
        {
          name: "consumers",
          action: "Approved",
          match: { subscriptionIds: policy.approvedSubscriptionIds },
        },
      ],
      otherwise: "leave",
      onDelete: policy.onDelete ?? "delete",
    },
    options(policy),
  );
}
