import { invalidApiVersion, methodNotAllowed, missingApiVersion } from "../errors";
import type { Answer } from "../server/http";
import type { ArmContext } from "./context";

/**
 * ARM's cloud metadata document, `GET /metadata/endpoints?api-version=...`, which clients read
 * to learn a cloud's endpoints (`az cloud register --endpoint-resource-manager` asks for
 * 2022-09-01, Terraform's `ARM_METADATA_HOSTNAME` too; Azure PowerShell and Azure Stack tools
 * 2015-01-01 or 1.0; `ARM_CLOUD_METADATA_URL` in az's tests 2019-05-01). ARM answers it without a
 * token, so does the emulator. Three shapes by version: the legacy object (`galleryEndpoint`,
 * `graphEndpoint`, `portalEndpoint`, `authentication`), the list of clouds (2019-05-01), and one
 * cloud (2022-09-01). Every endpoint the emulator serves points at its own URL; the ones it
 * does not serve (graph, portal, gallery) point there too, and answer 404.
 */

type Shape = "legacy" | "cloudList" | "cloud";

const SHAPES: Readonly<Record<string, Shape>> = {
  "1.0": "legacy",
  "2015-01-01": "legacy",
  "2019-05-01": "cloudList",
  "2022-09-01": "cloud",
};

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
  const shape = Object.hasOwn(SHAPES, apiVersion) ? SHAPES[apiVersion] : undefined;
  if (!shape) {
    throw invalidApiVersion(apiVersion, Object.keys(SHAPES));
  }
  const body =
    shape === "legacy"
      ? legacyDocument(ctx)
      : shape === "cloud"
        ? cloudDocument(ctx)
        : [cloudDocument(ctx)];
  return { status: 200, body };
}
