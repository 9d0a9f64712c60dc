"""The generated Python SDK under Pulumi's mocks (no engine, no language host): a connection
declared with it registers the plugin's type token with the inputs the plugin's check expects,
camelCase on the wire, the subscription from the environment as the schema's defaultInfo says.
Run by tools/gen-sdks.sh with the `pulumi` package from PyPI on the path."""
import os

import pulumi

registered = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        registered.append((args.typ, args.name, dict(args.inputs)))
        outputs = dict(args.inputs)
        outputs["connectionId"] = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/hsm/privateEndpointConnections/pe"
        outputs["provisioningState"] = "Succeeded"
        return [outputs["connectionId"], outputs]

    def call(self, args):
        return {}


os.environ["AZURE_SUBSCRIPTION_ID"] = "11111111-2222-3333-4444-555555555555"
pulumi.runtime.set_mocks(Mocks(), preview=False)

import pulumi_azure_mhsm_pec as pec  # noqa: E402  (after the mocks, as Pulumi's docs do)


@pulumi.runtime.test
def declares_a_connection():
    connection = pec.MhsmPrivateEndpointConnection(
        "c",
        resource_group_name="rg",
        hsm_name="hsm",
        private_endpoint_connection_name="pe",
        status="Approved",
        timeouts=pec.TimeoutsArgs(delete=60),
    )

    def check(values):
        connection_id, provisioning_state = values
        assert provisioning_state == "Succeeded", provisioning_state
        assert connection_id.endswith("/privateEndpointConnections/pe"), connection_id
        [(typ, name, inputs)] = registered
        assert typ == "azure-mhsm-pec:index:MhsmPrivateEndpointConnection", typ
        assert name == "c"
        assert inputs == {
            "subscriptionId": "11111111-2222-3333-4444-555555555555",
            "resourceGroupName": "rg",
            "hsmName": "hsm",
            "privateEndpointConnectionName": "pe",
            "status": "Approved",
            # What the program set, and nothing else: the schema has no defaults for the SDK
            # to send (the plugin's check applies them and does not record them).
            "timeouts": {"delete": 60},
        }, inputs

    return pulumi.Output.all(connection.connection_id, connection.provisioning_state).apply(check)


declares_a_connection()

STORAGE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct"


@pulumi.runtime.test
def declares_a_connection_of_any_service():
    registered.clear()
    connection = pec.PrivateEndpointConnection(
        "s",
        parent_resource_id=STORAGE,
        private_endpoint_connection_name="pe",
    )

    def check(_):
        [(typ, name, inputs)] = registered
        assert typ == "azure-mhsm-pec:index:PrivateEndpointConnection", typ
        assert name == "s"
        # The parent by its id alone: no subscription defaulted from the environment.
        assert inputs == {
            "parentResourceId": STORAGE,
            "privateEndpointConnectionName": "pe",
        }, inputs

    return connection.connection_id.apply(check)


declares_a_connection_of_any_service()
print("python SDK under mocks: ok")
