import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { API_VERSION } from "../../provider/config";
import { connectionPath, formatParentId, listPath } from "../../provider/arm/ids";
import { parseParentResourceId } from "../../provider/arm/parentResourceId";
import { SERVICE_PROFILES, serviceProfileOf } from "../../provider/arm/serviceProfiles";

/*
 * The profile table against the services' specs: the trimmed excerpts in test/fixtures (each
 * line verbatim from ../shared/azure-spec/excerpts, checked whenever that copy is present).
 */
const REPO = path.resolve(__dirname, "../../..");
const TRIMMED = path.join(REPO, "test/fixtures/services/excerpts");
const FULL = path.resolve(REPO, "../shared/azure-spec/excerpts");

interface Excerpt {
  file: string;
  lines: string[];
}

function excerpts(): Excerpt[] {
  return fs
    .readdirSync(TRIMMED)
    .filter((f) => f.endsWith(".paths.txt"))
    .map((file) => ({
      file,
      lines: fs.readFileSync(path.join(TRIMMED, file), "utf8").split("\n").filter(Boolean),
    }));
}

function excerptOf(resourceType: string): Excerpt {
  const found = excerpts().filter((e) => e.lines[0].startsWith(`Title:  ${resourceType} `));
  assert.equal(found.length, 1, `one trimmed excerpt for ${resourceType}`);
  return found[0];
}

const SPEC_SERVICES = SERVICE_PROFILES.filter(
  (p) => !p.resourceType.startsWith("Microsoft.KeyVault"),
);

describe("service profiles", () => {
  for (const profile of SPEC_SERVICES) {
    describe(profile.resourceType, () => {
      it("sends the api-version of its spec excerpt", () => {
        const title = excerptOf(profile.resourceType).lines[0];
        assert.match(title, new RegExp(`api-version ${profile.apiVersion} `));
      });

      it("uses the spec's collection segments for a connection and for the list", () => {
        const paths = excerptOf(profile.resourceType).lines.filter((l) =>
          l.startsWith("--- paths"),
        );
        const parent = `/providers/${profile.resourceType}/{`;
        const item = new RegExp(`\\}/${profile.collection}/\\{\\w+\\}"\\]`);
        const list = new RegExp(`\\}/${profile.listCollection}"\\]`);
        assert.ok(
          paths.some((l) => l.includes(parent) && item.test(l)),
          paths.join("\n"),
        );
        assert.ok(
          paths.some((l) => l.includes(parent) && list.test(l)),
          paths.join("\n"),
        );
      });

      it("spells the actions field and the Pending-only rule as the spec does", () => {
        const lines = excerptOf(profile.resourceType).lines;
        const field = lines.find((l) => /"actions?Required": \{/.test(l));
        if (field !== undefined) {
          assert.ok(field.includes(`"${profile.actionsRequiredField}"`), field);
        }
        const notPending = lines.some((l) =>
          l.includes("PrivateEndpointConnectionStatusNotPending"),
        );
        assert.equal(profile.changesOnlyFromPending, notPending);
      });
    });
  }

  it("has a trimmed excerpt only for services in the table, each line verbatim", function () {
    for (const { file, lines } of excerpts()) {
      const type = /^Title: {2}(\S+) /.exec(lines[0])?.[1] ?? "";
      assert.ok(serviceProfileOf(type), `${file}: ${type} has no profile`);
      const full = path.join(FULL, file.replace(/\.paths\.txt$/, ".EXCERPT.txt"));
      if (!fs.existsSync(full)) continue;
      const source = new Set(fs.readFileSync(full, "utf8").split("\n"));
      for (const line of lines) assert.ok(source.has(line), `${file}: not in ${full}: ${line}`);
    }
  });

  it("keeps the Key Vault types on the pinned api-version, a vault's absent GET a 204", () => {
    assert.equal(serviceProfileOf("microsoft.keyvault/managedhsms")?.apiVersion, API_VERSION);
    assert.equal(serviceProfileOf("Microsoft.KeyVault/vaults")?.apiVersion, API_VERSION);
    assert.equal(serviceProfileOf("Microsoft.KeyVault/vaults")?.absentOnGet, 204);
    assert.equal(serviceProfileOf("Microsoft.KeyVault/managedHSMs")?.absentOnGet, 404);
  });

  it("says how Storage, App Service and Synapse differ", () => {
    assert.equal(
      serviceProfileOf("Microsoft.Storage/storageAccounts")?.actionsRequiredField,
      "actionRequired",
    );
    assert.equal(serviceProfileOf("Microsoft.Storage/storageAccounts")?.putStyle, "synchronous");
    assert.deepEqual(serviceProfileOf("Microsoft.Web/sites")?.interimStatuses, [
      "Approving",
      "Rejecting",
      "Disconnecting",
    ]);
    assert.ok(
      serviceProfileOf("Microsoft.Synapse/workspaces")?.busyProvisioningStates.includes(
        "Provisioning",
      ),
    );
    assert.equal(
      serviceProfileOf("Microsoft.Sql/servers")?.busyProvisioningStates.includes("Updating"),
      false,
    );
  });
});

describe("parentResourceId", () => {
  const storage =
    "/subscriptions/sub/resourceGroups/rg/providers/microsoft.storage/STORAGEACCOUNTS/acct";

  it("reads a parent of any service in the table, in the profile's spelling", () => {
    const parsed = parseParentResourceId("parentResourceId", storage);
    assert.ok(parsed.ok);
    assert.equal(
      formatParentId(parsed.parent),
      "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
    );
    assert.equal(
      connectionPath({ ...parsed.parent, connectionName: "pe.1 x" }),
      "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct" +
        "/privateEndpointConnections/pe.1%20x",
    );
  });

  it("lists a data factory's connections under privateEndPointConnections", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f";
    const parsed = parseParentResourceId("parentResourceId", id);
    assert.ok(parsed.ok);
    assert.match(listPath(parsed.parent), /\/factories\/f\/privateEndPointConnections$/);
    assert.match(
      connectionPath({ ...parsed.parent, connectionName: "c" }),
      /\/privateEndpointConnections\/c$/,
    );
  });

  it("refuses a type not in the table, naming the field and the supported types", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Foo/bars/b";
    const parsed = parseParentResourceId("parentResourceId", id);
    assert.equal(parsed.ok, false);
    const problem = parsed.ok ? "" : parsed.problem;
    assert.match(problem, /^parentResourceId: Microsoft\.Foo\/bars is not a resource type/);
    assert.match(problem, /Microsoft\.Storage\/storageAccounts \(storage account\)/);
    assert.match(problem, /Microsoft\.Network\/privateLinkServices/);
  });

  it("refuses what is not a resource's ARM id, saying the expected shape", () => {
    for (const id of ["", "acct", `${storage}/privateEndpointConnections/c`]) {
      const parsed = parseParentResourceId("parents[2]", id);
      assert.equal(parsed.ok, false, id);
      assert.match(
        parsed.ok ? "" : parsed.problem,
        /^parents\[2\]: .* is not the ARM id of a resource \(expected/,
      );
    }
  });
});
