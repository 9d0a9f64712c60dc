"""Microsoft's Python SDK (azure-mgmt-keyvault, azure-identity) against the ARM emulator.

Run by test/conformance/pythonSdk.test.ts in a venv it makes; everything comes from the
environment it sets. For the managed HSM and for the vault it lists the connections (the
emulator pages them), gets one, approves one, rejects another, tries to approve the rejected
one again (the emulator refuses, as Azure does) and deletes a third with the SDK's poller.
Exit code 0 when every step did what ARM does; otherwise a message on stderr and exit code 1.
The SDK's own TLS (requests) trusts the emulator's CA through REQUESTS_CA_BUNDLE.

Credentials: azure.identity.ClientSecretCredential with authority = the emulator's URL and
disable_instance_discovery=True, so MSAL reads the emulator's OpenID configuration and asks its
token endpoint, and never login.microsoftonline.com (which would fail offline).
"""

import json
import os
import sys

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import ClientSecretCredential
from azure.mgmt.keyvault import KeyVaultManagementClient


def env(name):
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"sdk_conformance.py: {name} is not set")
    return value


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def name_of(connection):
    # ARM's list items carry only id and properties (the recording): the name is the id's last segment.
    return connection.name or connection.id.rsplit("/", 1)[-1]


def status_of(connection):
    return connection.private_link_service_connection_state.status


def state(status, description):
    return {"properties": {"privateLinkServiceConnectionState": {"status": status, "description": description}}}


class Parent:
    """The SDK's operations for one kind of parent, with the HSM's and the vault's signatures unified."""

    def __init__(self, client, kind, resource_group, name):
        self.kind = kind
        self.resource_group = resource_group
        self.name = name
        self.ops = (
            client.mhsm_private_endpoint_connections if kind == "managedHSMs" else client.private_endpoint_connections
        )

    def list(self):
        return list(self.ops.list_by_resource(self.resource_group, self.name))

    def get(self, connection):
        return self.ops.get(self.resource_group, self.name, connection)

    def put(self, connection, status, description):
        return self.ops.put(self.resource_group, self.name, connection, state(status, description))

    def delete(self, connection):
        return self.ops.begin_delete(self.resource_group, self.name, connection, polling_interval=1).result()


def refused_reapproval(parent, connection, expected_code):
    try:
        parent.put(connection, "Approved", "approve again")
    except HttpResponseError as error:
        code = error.error.code if error.error else None
        check(error.status_code == 400, f"{parent.kind}: re-approval answered {error.status_code}, not 400")
        check(code == expected_code, f"{parent.kind}: re-approval code {code!r}, not {expected_code!r}")
        return code
    raise AssertionError(f"{parent.kind}: approving a rejected connection did not raise HttpResponseError")


def deleted(parent, connection):
    parent.delete(connection)
    try:
        after = parent.get(connection)
    except ResourceNotFoundError:
        return "404"
    # The vault's spec declares 204 for a missing connection: the SDK answers None.
    check(after is None, f"{parent.kind}: {connection} still there after the delete: {after}")
    return "204"


def run(parent, names, expected_code):
    listed = parent.list()
    listed_names = sorted(name_of(c) for c in listed)
    check(listed_names == sorted(names), f"{parent.kind}: listed {listed_names}, expected {sorted(names)}")
    first, second, third = names
    got = parent.get(first)
    check(name_of(got) == first and status_of(got) == "Pending", f"{parent.kind}: get answered {got}")
    approved = parent.put(first, "Approved", "approved by the Python SDK")
    check(status_of(approved) == "Approved", f"{parent.kind}: approve answered {status_of(approved)}")
    rejected = parent.put(second, "Rejected", "rejected by the Python SDK")
    check(status_of(rejected) == "Rejected", f"{parent.kind}: reject answered {status_of(rejected)}")
    code = refused_reapproval(parent, second, expected_code)
    gone = deleted(parent, third)
    return {
        "listed": listed_names,
        "listedWithName": sum(1 for c in listed if c.name),
        "approved": status_of(approved),
        "rejected": status_of(rejected),
        "reapprovalCode": code,
        "afterDelete": gone,
    }


def main():
    url = env("EMULATOR_URL")
    credential = ClientSecretCredential(
        env("AZURE_TENANT_ID"),
        env("AZURE_CLIENT_ID"),
        env("AZURE_CLIENT_SECRET"),
        authority=url,
        disable_instance_discovery=True,
    )
    client = KeyVaultManagementClient(
        credential,
        env("AZURE_SUBSCRIPTION_ID"),
        base_url=url,
        credential_scopes=["https://management.azure.com/.default"],
    )
    resource_group = env("CONFORMANCE_RESOURCE_GROUP")
    names = env("CONFORMANCE_CONNECTIONS").split(",")
    expected_code = env("CONFORMANCE_REAPPROVAL_CODE")
    results = {}
    for kind, parent_name in (("managedHSMs", env("CONFORMANCE_HSM")), ("vaults", env("CONFORMANCE_VAULT"))):
        results[kind] = run(Parent(client, kind, resource_group, parent_name), names, expected_code)
    print(json.dumps(results))


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # pylint: disable=broad-except
        print(f"sdk_conformance.py: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
