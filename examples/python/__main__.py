"""A Python program of the provider plugin's Python SDK: one Managed HSM connection declared
Approved and, when `vaultName` is set, an approval policy that approves the key vault's
connections from the `appSubscriptionId` subscription and rejects the others."""
import pulumi
import pulumi_azure_mhsm_pec as pec

config = pulumi.Config()
resource_group = config.require("resourceGroupName")

connection = pec.MhsmPrivateEndpointConnection(
    "connection",
    resource_group_name=resource_group,
    hsm_name=config.require("hsmName"),
    private_endpoint_connection_name=config.require("connectionName"),
    status="Approved",
)
pulumi.export("connectionId", connection.connection_id)

vault_name = config.get("vaultName")
if vault_name:
    policy = pec.KeyVaultPrivateEndpointConnectionPolicy(
        "vault-approvals",
        resource_group_name=resource_group,
        vault_name=vault_name,
        rules=[
            pec.RuleArgs(
                name="app-subscription",
                action="Approved",
                match=pec.RuleMatchArgs(subscription_ids=[config.require("appSubscriptionId")]),
            )
        ],
        otherwise="Rejected",
    )
    pulumi.export("vaultCounts", policy.counts)
