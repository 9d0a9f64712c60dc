import { invalidApiVersion, methodNotAllowed, missingApiVersion } from "../errors";
import type { Answer } from "../server/http";
import type { ArmContext } from "./context";

/**
 * ARM's cloud metadata document, `GET /metadata/endpoints?api-version=...`, which clients read
 * to learn a cloud's endpoints (`az cloud register --endpoint-resourcemanager`, Terraform's
 * `ARM_METADATA_HOSTNAME`, Azure PowerShell). ARM answers it without a token, so does the
 * emulator. Two shapes, as ARM has them: the legacy versions answer one object
 * (`galleryEndpoint`, `graphEndpoint`, `portalEndpoint`, `authentication`), 2019-05-01 and later
 * an array of clouds. Every endpoint the emulator serves points at its own URL; the ones it
 * does not serve (graph, portal, gallery) point there too, and answer 404.
 */

const LEGACY_VERSIONS = ["1.0", "2015-01-01"];
const CLOUD_LIST_VERSIONS = ["2019-05-01", "2020-06-01", "2022-09-01"];
const METADATA_API_VERSIONS = [...LEGACY_VERSIONS, ...CLOUD_LIST_VERSIONS];

/** ARM lists the classic audience first. */
function audiencesOf(ctx: ArmContext): string[] {
  return [...ctx.armAudiences].sort(
    (a, b) => Number(b.includes(".core.")) - Number(a.includes(".core.")),
  );
}

function legacyDocument(ctx: ArmContext): object {
  const url = `${ctx.baseUrl}/`;
  return {
    galleryEndpoint: url,
    graphEndpoint: url,
    graphAudience: url,
    portalEndpoint: url,
    authentication: { loginEndpoint: url, audiences: audiencesOf(ctx) },
  };
}

/** One cloud, named AzureCloud as public ARM names its own (invented: the emulator's suffixes are public Azure's). */
function cloudDocument(ctx: ArmContext): object {
  const url = ctx.baseUrl;
  return {
    name: "AzureCloud",
    portal: url,
    resourceManager: `${url}/`,
    authentication: {
      loginEndpoint: url,
      audiences: audiencesOf(ctx),
      tenant: "common",
      identityProvider: "AAD",
    },
    graph: `${url}/`,
    graphAudience: `${url}/`,
    microsoftGraphResourceId: `${url}/`,
    suffixes: {
      keyVaultDns: "vault.azure.net",
      mhsmDns: "managedhsm.azure.net",
      storage: "core.windows.net",
      acrLoginServer: "azurecr.io",
      sqlServerHostname: "database.windows.net",
    },
  };
}

export function handleMetadata(ctx: ArmContext, method: string, url: URL): Answer {
  if (method !== "GET") {
    throw methodNotAllowed(method);
  }
  const apiVersion = url.searchParams.get("api-version");
  if (!apiVersion) {
    throw missingApiVersion();
  }
  if (!METADATA_API_VERSIONS.includes(apiVersion)) {
    throw invalidApiVersion(apiVersion, METADATA_API_VERSIONS);
  }
  return {
    status: 200,
    body: LEGACY_VERSIONS.includes(apiVersion) ? legacyDocument(ctx) : [cloudDocument(ctx)],
  };
}
