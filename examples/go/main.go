// A Go program of the provider plugin's Go SDK: one Managed HSM connection declared Approved,
// and an approval policy that approves a key vault's connections from one subscription.
// Build the SDK with tools/release-sdks.sh and point go.mod's replace at its go/ folder.
package main

import (
	"example.com/pulumi-azure-mhsm-pec/sdk/go/azuremhsmpec"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		resourceGroup := pulumi.String(cfg.Require("resourceGroupName"))
		connection, err := azuremhsmpec.NewMhsmPrivateEndpointConnection(ctx, "hsm-connection",
			&azuremhsmpec.MhsmPrivateEndpointConnectionArgs{
				ResourceGroupName:             resourceGroup,
				HsmName:                       pulumi.String(cfg.Require("hsmName")),
				PrivateEndpointConnectionName: pulumi.String(cfg.Require("connectionName")),
				Status:                        pulumi.String("Approved"),
			})
		if err != nil {
			return err
		}
		policy, err := azuremhsmpec.NewKeyVaultPrivateEndpointConnectionPolicy(ctx, "vault-approvals",
			&azuremhsmpec.KeyVaultPrivateEndpointConnectionPolicyArgs{
				ResourceGroupName: resourceGroup,
				VaultName:         pulumi.String(cfg.Require("vaultName")),
				Rules: azuremhsmpec.RuleArray{
					azuremhsmpec.RuleArgs{
						Name:   pulumi.String("app-subscription"),
						Action: pulumi.String("Approved"),
						Match: azuremhsmpec.RuleMatchArgs{
							SubscriptionIds: pulumi.StringArray{pulumi.String(cfg.Require("appSubscriptionId"))},
						},
					},
				},
				Otherwise: pulumi.String("Rejected"),
			})
		if err != nil {
			return err
		}
		ctx.Export("connectionId", connection.ConnectionId)
		ctx.Export("status", connection.Status)
		ctx.Export("vaultCounts", policy.Counts)
		return nil
	})
}
