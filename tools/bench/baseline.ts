import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { DefaultAzureCredential } from "@azure/identity";
import { sleep } from "./stats";

/**
 * The baseline: what a user would write with @azure/arm-keyvault 5.0.0 and its default
 * options. One client (and credential) for the whole run, as a program would hold it.
 *
 * - delete: `client.mhsmPrivateEndpointConnections.delete(...)`, awaited (the SDK's own LRO
 *   poller, @azure/core-lro: first poll right after the 202, whatever its Retry-After; then
 *   each poll's Retry-After, or 2 s when a poll has none; it deserializes the final answer as
 *   a connection, so an empty 204 makes it throw, and it sends no confirming GET).
 * - approve: `put(...)`, then `get(...)` every 2 s until provisioningState is terminal. 2 s is
 *   the SDK's own default LRO interval; the az CLI (1 s, at most 10 times) would give up on a
 *   longer update. The PUT's Retry-After is not visible through the SDK's typed `put`.
 */
export class SdkBaseline {
  readonly client: KeyVaultManagementClient;

  constructor(endpoint: string, subscriptionId: string, authorityHost: string) {
    const credential = new DefaultAzureCredential({
      authorityHost,
      disableInstanceDiscovery: true,
    });
    this.client = new KeyVaultManagementClient(credential, subscriptionId, {
      endpoint,
      credentials: { scopes: ["https://management.azure.com/.default"] },
    });
  }

  /** `updateIntervalInMs`: the poller's interval when a poll has no Retry-After (default 2 s). */
  async delete(
    resourceGroupName: string,
    hsmName: string,
    connectionName: string,
    updateIntervalInMs?: number,
  ) {
    await this.client.mhsmPrivateEndpointConnections.delete(
      resourceGroupName,
      hsmName,
      connectionName,
      updateIntervalInMs === undefined ? undefined : { updateIntervalInMs },
    );
  }

  async approve(
    resourceGroupName: string,
    hsmName: string,
    connectionName: string,
    pollIntervalMs: number,
  ): Promise<string | undefined> {
    const ops = this.client.mhsmPrivateEndpointConnections;
    let connection = await ops.put(resourceGroupName, hsmName, connectionName, {
      privateLinkServiceConnectionState: { status: "Approved", description: "" },
    });
    while (!["Succeeded", "Failed"].includes(connection.provisioningState ?? "")) {
      await sleep(pollIntervalMs);
      connection = await ops.get(resourceGroupName, hsmName, connectionName);
    }
    return connection.provisioningState;
  }

  /** One GET, so the token is fetched before anything is timed. */
  async warmUp(resourceGroupName: string, hsmName: string, connectionName: string) {
    await this.client.mhsmPrivateEndpointConnections.get(
      resourceGroupName,
      hsmName,
      connectionName,
    );
  }
}
