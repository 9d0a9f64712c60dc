import { strict as assert } from "node:assert";
import { DEFAULT_SUBSCRIPTION_ID } from "../../emulator";
import { HSM, RG, VAULT, seed, start, stopEmulatorsAfterEach } from "./support/emulator";
import { arm, header, json, type HttpResult } from "./support/https";

const OTHER_SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";
const MISSING_SUBSCRIPTION = "99999999-2222-4333-8444-555555555555";

interface Listed<T> {
  value: T[];
  nextLink?: string;
}

function code(result: HttpResult): string {
  return json<{ error: { code: string } }>(result).error.code;
}

describe("emulator subscription routes", () => {
  stopEmulatorsAfterEach();

  it("GET /subscriptions lists the emulator's own subscription and those holding a parent, Enabled", async () => {
    const emulator = await start();
    seed(emulator);
    emulator.control.createParent({
      subscriptionId: OTHER_SUBSCRIPTION,
      resourceGroupName: "rg-other",
      parentName: "hsm-other",
    });
    const result = await arm(emulator, "GET", "/subscriptions?api-version=2022-12-01");
    assert.equal(result.status, 200);
    const body = json<Listed<Record<string, unknown>> & { count: object }>(result);
    assert.deepEqual(
      body.value.map((s) => [s.id, s.subscriptionId, s.tenantId, s.state]),
      [
        [
          `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}`,
          DEFAULT_SUBSCRIPTION_ID,
          emulator.tenantId,
          "Enabled",
        ],
        [`/subscriptions/${OTHER_SUBSCRIPTION}`, OTHER_SUBSCRIPTION, emulator.tenantId, "Enabled"],
      ],
    );
    assert.ok(body.value.every((s) => typeof s.displayName === "string" && s.displayName !== ""));
    assert.deepEqual(body.count, { type: "Total", value: 2 });
    assert.equal(emulator.control.requestLog().at(-1)?.op, "listSubscriptions");
  });

  it("GET /subscriptions/{s} answers the subscription; an unknown one 404 SubscriptionNotFound, a non-GUID 400", async () => {
    const emulator = await start();
    const found = await arm(
      emulator,
      "GET",
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}?api-version=2022-12-01`,
    );
    assert.equal(found.status, 200);
    assert.equal(json(found).subscriptionId, DEFAULT_SUBSCRIPTION_ID);
    const missing = await arm(
      emulator,
      "GET",
      `/subscriptions/${MISSING_SUBSCRIPTION}?api-version=2022-12-01`,
    );
    assert.equal(missing.status, 404);
    assert.equal(code(missing), "SubscriptionNotFound");
    const malformed = await arm(
      emulator,
      "GET",
      "/subscriptions/not-a-guid?api-version=2022-12-01",
    );
    assert.equal(malformed.status, 400);
    assert.equal(code(malformed), "InvalidSubscriptionId");
  });

  it("subscription-wide lists of managedHSMs and vaults answer every one with its connections, paged", async () => {
    const emulator = await start({ behavior: { listPageSize: 1 } });
    seed(emulator);
    emulator.control.createParent({ resourceGroupName: "rg-two", parentName: "hsm-two" });
    const path = `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/providers/Microsoft.KeyVault/managedHSMs?api-version=2025-05-01`;
    const names: string[] = [];
    let url: string | undefined = path;
    while (url) {
      const result = await arm(emulator, "GET", url);
      assert.equal(result.status, 200, url);
      const page = json<
        Listed<{
          name: string;
          type: string;
          properties: { privateEndpointConnections: unknown[] };
        }>
      >(result);
      page.value.forEach((p) => {
        assert.equal(p.type, "Microsoft.KeyVault/managedHSMs");
        names.push(`${p.name}:${p.properties.privateEndpointConnections.length}`);
      });
      url = page.nextLink;
    }
    assert.deepEqual(names, [`${HSM}:1`, "hsm-two:0"]);
    const vaults = await arm(
      emulator,
      "GET",
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/providers/microsoft.keyvault/VAULTS?api-version=2025-05-01`,
    );
    assert.deepEqual(
      json<Listed<{ name: string }>>(vaults).value.map((v) => v.name),
      [VAULT],
    );
    assert.equal(emulator.control.requestLog().at(-1)?.op, "listParents");
  });

  it("the generic resource list filters by resourceType (and name), answering id, name, type and location", async () => {
    const emulator = await start();
    seed(emulator);
    const base = `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resources?api-version=2021-04-01`;
    const filter = (f: string) => `${base}&$filter=${encodeURIComponent(f)}`;
    const hsms = await arm(
      emulator,
      "GET",
      filter("resourceType eq 'Microsoft.KeyVault/managedHSMs'"),
    );
    assert.equal(hsms.status, 200);
    assert.deepEqual(json<Listed<object>>(hsms).value, [
      {
        id: `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/${HSM}`,
        name: HSM,
        type: "Microsoft.KeyVault/managedHSMs",
        location: "eastus",
      },
    ]);
    // Microsoft.KeyVault's own Vaults_List: this route with api-version 2015-11-01 and $top.
    const vaults = await arm(
      emulator,
      "GET",
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resources?$filter=${encodeURIComponent("resourceType eq 'Microsoft.KeyVault/vaults'")}&$top=10&api-version=2015-11-01`,
    );
    assert.deepEqual(
      json<Listed<{ name: string }>>(vaults).value.map((v) => v.name),
      [VAULT],
    );
    const named = await arm(
      emulator,
      "GET",
      filter(`resourceType eq 'microsoft.keyvault/managedhsms' and name eq '${HSM.toUpperCase()}'`),
    );
    assert.equal(json<Listed<object>>(named).value.length, 1);
    const all = await arm(emulator, "GET", base);
    assert.equal(json<Listed<object>>(all).value.length, 2);
    const bad = await arm(emulator, "GET", filter("tagName eq 'x'"));
    assert.equal(bad.status, 400);
    assert.equal(code(bad), "BadRequest");
    assert.equal(emulator.control.requestLog().at(-1)?.op, "listResources");
  });

  it("the resource list pages with $top, nextLink keeping the filter", async () => {
    const emulator = await start();
    for (const name of ["a", "b", "c"]) {
      emulator.control.createParent({ resourceGroupName: RG, parentName: `hsm-${name}` });
    }
    const filter = encodeURIComponent("resourceType eq 'Microsoft.KeyVault/managedHSMs'");
    let url: string | undefined =
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resources?$filter=${filter}&$top=2&api-version=2021-04-01`;
    const pages: string[][] = [];
    while (url) {
      const page: Listed<{ name: string }> = json(await arm(emulator, "GET", url));
      pages.push(page.value.map((v) => v.name));
      url = page.nextLink;
    }
    assert.deepEqual(pages, [["hsm-a", "hsm-b"], ["hsm-c"]]);
  });

  it("every subscription route wants a valid token, a known subscription and a known api-version", async () => {
    const emulator = await start();
    const paths = [
      "/subscriptions?api-version=2022-12-01",
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}?api-version=2022-12-01`,
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/providers/Microsoft.KeyVault/managedHSMs?api-version=2025-05-01`,
      `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resources?api-version=2021-04-01`,
    ];
    for (const path of paths) {
      const anonymous = await arm(emulator, "GET", path, { token: false });
      assert.equal(anonymous.status, 401, path);
      assert.equal(code(anonymous), "AuthenticationFailed");
      assert.ok(header(anonymous, "www-authenticate"));
      const forged = await arm(emulator, "GET", path, { token: "forged" });
      assert.equal(code(forged), "InvalidAuthenticationToken", path);
      const unknownVersion = await arm(
        emulator,
        "GET",
        path.replace(/api-version=[^&]+/, "api-version=1999-01-01"),
      );
      assert.equal(code(unknownVersion), "InvalidApiVersionParameter", path);
    }
    for (const path of paths.slice(2)) {
      const missing = await arm(
        emulator,
        "GET",
        path.replace(DEFAULT_SUBSCRIPTION_ID, MISSING_SUBSCRIPTION),
      );
      assert.equal(missing.status, 404, path);
      assert.equal(code(missing), "SubscriptionNotFound");
    }
    const post = await arm(emulator, "POST", paths[0]);
    assert.equal(post.status, 405);
  });
});

describe("emulator cloud metadata", () => {
  stopEmulatorsAfterEach();

  it("GET /metadata/endpoints (2022-09-01) answers the cloud az cloud register reads, its endpoints the emulator, without a token", async () => {
    const emulator = await start();
    const result = await arm(emulator, "GET", "/metadata/endpoints?api-version=2022-09-01", {
      token: false,
    });
    assert.equal(result.status, 200);
    const cloud = json<{
      name: string;
      resourceManager: string;
      authentication: { loginEndpoint: string; audiences: string[] };
      suffixes: Record<string, string>;
    }>(result);
    assert.equal(cloud.name, "AzureCloud");
    assert.equal(cloud.resourceManager, `${emulator.url}/`);
    assert.equal(cloud.authentication.loginEndpoint, emulator.url);
    assert.deepEqual(cloud.authentication.audiences, [
      "https://management.core.windows.net/",
      "https://management.azure.com/",
    ]);
    assert.equal(cloud.suffixes.mhsmDns, "managedhsm.azure.net");
    assert.equal(emulator.control.requestLog().at(-1)?.op, "metadata");
    // The Azure CLI joins its endpoint's trailing slash to the path.
    const doubled = await arm(emulator, "GET", "//metadata/endpoints?api-version=2022-09-01", {
      token: false,
    });
    assert.deepEqual(json(doubled), cloud);
    const list = await arm(emulator, "GET", "/metadata/endpoints?api-version=2019-05-01", {
      token: false,
    });
    assert.deepEqual(json(list), [cloud]);
  });

  it("GET /metadata/endpoints (2015-01-01) answers the legacy object Azure PowerShell and Azure Stack tools read", async () => {
    const emulator = await start({ armAudience: "https://management.azure.com/" });
    const result = await arm(emulator, "GET", "/metadata/endpoints?api-version=2015-01-01", {
      token: false,
    });
    const body = json<{
      galleryEndpoint: string;
      authentication: { loginEndpoint: string; audiences: string[] };
    }>(result);
    assert.equal(body.authentication.loginEndpoint, `${emulator.url}/`);
    assert.deepEqual(body.authentication.audiences, ["https://management.azure.com/"]);
    assert.equal(typeof body.galleryEndpoint, "string");
    const missing = await arm(emulator, "GET", "/metadata/endpoints", { token: false });
    assert.equal(code(missing), "MissingApiVersionParameter");
    const unknown = await arm(emulator, "GET", "/metadata/endpoints?api-version=2001-01-01", {
      token: false,
    });
    assert.equal(code(unknown), "InvalidApiVersionParameter");
  });
});
