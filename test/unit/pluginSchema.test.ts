import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { KEY_VAULT, MANAGED_HSM, type ParentKind } from "../../provider/arm/parentKinds";
import { check } from "../../provider/hooks/check";
import { read } from "../../provider/hooks/read";
import { DEFAULT_TIMEOUT_SECONDS } from "../../provider/inputs";
import { packageSchema } from "../../provider/plugin/schema";
import {
  KEY_VAULT_CONNECTION_TOKEN,
  MHSM_CONNECTION_TOKEN,
  TIMEOUTS_TOKEN,
} from "../../provider/plugin/tokens";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { argsProperties } from "./support/argsProperties";
import { CONN_ID, SUB, connection, harness } from "./support/fakes";
import { parentNameProperty } from "../../provider/parentInputs";

/**
 * The plugin's schema against what the code does: the inputs check accepts, the outputs read
 * returns, the defaults check applies, the TypeScript resources' Args, and Pulumi's own
 * package metaschema. A property added to one and not the other fails here.
 */
interface PropertyJson {
  type?: string;
  $ref?: string;
  description?: string;
  default?: unknown;
}
interface ResourceJson {
  description: string;
  inputProperties: Record<string, PropertyJson>;
  requiredInputs: string[];
  properties: Record<string, PropertyJson>;
  required: string[];
}

const schema = JSON.parse(JSON.stringify(packageSchema("1.2.3"))) as {
  name: string;
  version: string;
  resources: Record<string, ResourceJson>;
  types: Record<string, { properties: Record<string, PropertyJson> }>;
};

const KINDS: [string, ParentKind, string][] = [
  [MHSM_CONNECTION_TOKEN, MANAGED_HSM, "MhsmPrivateEndpointConnectionArgs"],
  [KEY_VAULT_CONNECTION_TOKEN, KEY_VAULT, "KeyVaultPrivateEndpointConnectionArgs"],
];

/** The inputs check accepts, from its own failure for an unknown property. */
function inputsCheckAccepts(kind: ParentKind): string[] {
  const { failures } = check(kind, {}, { notAnInput: 1 });
  const failure = failures.find((f) => f.property === "notAnInput");
  assert.ok(failure, "check must refuse an unknown property");
  const list = /inputs are (.*)$/.exec(failure.reason)?.[1] ?? "";
  return list.split(", ").sort();
}

describe("provider plugin schema", () => {
  it("is a valid Pulumi package schema (Pulumi's metaschema of the CLI version built here)", () => {
    const metaschema = JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, "test", "fixtures", "pulumi", "package-metaschema-3.248.0.json"),
        "utf8",
      ),
    ) as object;
    const validate = new Ajv2020({
      strict: false,
      allErrors: true,
      validateFormats: false,
    }).compile(metaschema);
    assert.ok(validate(schema), JSON.stringify(validate.errors, null, 2));
    assert.equal(schema.name, "azure-mhsm-pec");
    assert.equal(schema.version, "1.2.3");
  });

  for (const [token, kind, argsName] of KINDS) {
    const resource = schema.resources[token];

    it(`${token}: its inputs are exactly the inputs check accepts and the TypeScript ${argsName}`, () => {
      assert.ok(resource, `the schema has no ${token}`);
      const inputs = Object.keys(resource.inputProperties).sort();
      assert.deepEqual(inputs, inputsCheckAccepts(kind));
      assert.deepEqual(inputs, argsProperties(argsName));
      assert.deepEqual(
        resource.requiredInputs.sort(),
        ["resourceGroupName", parentNameProperty(kind)].sort(),
      );
    });

    it(`${token}: its outputs are what read returns, and the required ones are always set`, async () => {
      const h = harness({ kind });
      const id = kind === MANAGED_HSM ? CONN_ID : CONN_ID.replace("managedHSMs", "vaults");
      h.api.get.resolves(connection({ id, status: "Approved", description: "why" }));
      const result = await read(h.ctx, id, { timeouts: { delete: 60 } });
      const props = result.props as unknown as Record<string, unknown>;
      const outputs = Object.keys(resource.properties).sort();
      const returned = Object.keys(props).sort();
      const optional = outputs.filter((p) => !returned.includes(p));
      // decision: only after a write of the provider (read alone makes none).
      assert.deepEqual(optional, ["decision", "waitForConnectionSeconds"]);
      assert.deepEqual(
        returned.filter((p) => !outputs.includes(p)),
        [],
      );
      for (const required of resource.required) {
        assert.notEqual(props[required], undefined, `${required} is required but read left it out`);
      }
      assert.equal(props.subscriptionId, SUB);
    });

    it(`${token}: every property is described and typed, and the defaults are check's`, () => {
      for (const [name, spec] of [
        ...Object.entries(resource.inputProperties),
        ...Object.entries(resource.properties),
      ]) {
        assert.ok((spec.description ?? "").length > 10, `${name} has no description`);
        assert.ok(spec.type ?? spec.$ref, `${name} has no type`);
      }
      const minimal = {
        resourceGroupName: "rg",
        [parentNameProperty(kind)]: "name-1",
        privateEndpointConnectionName: "c",
      };
      const checked = check(kind, { AZURE_SUBSCRIPTION_ID: SUB }, minimal);
      assert.deepEqual(checked.failures, []);
      // check applies the defaults; the schema has none, or the SDKs would send them as
      // declared and the engine would record and diff them (plugin/declared.ts).
      assert.equal(checked.inputs.status, "Approved");
      assert.match(resource.inputProperties.status.description ?? "", /Default "Approved"/);
      for (const [name, spec] of Object.entries(resource.inputProperties)) {
        assert.equal(spec.default, undefined, `${name} has a schema default`);
      }
      assert.equal(resource.inputProperties.timeouts.$ref, `#/types/${TIMEOUTS_TOKEN}`);
    });
  }

  it("the timeouts type has the operations check accepts, the hooks' default said, not set", () => {
    const timeouts = schema.types[TIMEOUTS_TOKEN];
    assert.deepEqual(Object.keys(timeouts.properties).sort(), ["create", "delete", "update"]);
    for (const spec of Object.values(timeouts.properties)) {
      assert.equal(spec.default, undefined);
      assert.match(spec.description ?? "", new RegExp(`default ${DEFAULT_TIMEOUT_SECONDS}`));
    }
    const { failures } = check(MANAGED_HSM, {}, { timeouts: { list: 1 } });
    assert.ok(failures.some((f) => f.property === "timeouts.list"));
  });

  it("carries the pluginDownloadURL the release gives it, else the project's releases", () => {
    assert.equal(
      packageSchema("1.0.0", "https://example.test/p").pluginDownloadURL,
      "https://example.test/p",
    );
    assert.match(packageSchema("1.0.0").pluginDownloadURL, /^github:\/\/api\.github\.com\//);
  });

  it("carries the Registry's metadata: the title docs/_index.md shows, a publisher, a logo of this repository", () => {
    const spec = packageSchema("1.0.0");
    const index = fs.readFileSync(path.join(REPO_ROOT, "docs", "_index.md"), "utf8");
    assert.equal(/^title: (.+)$/m.exec(index)?.[1], spec.displayName);
    assert.ok(spec.publisher.length > 0, "a publisher");
    assert.ok(
      spec.keywords.some((k) => k.startsWith("category/")),
      "a Registry category",
    );
    const logo = /\/main\/(.+)$/.exec(spec.logoUrl)?.[1] ?? "";
    assert.ok(
      logo !== "" && fs.existsSync(path.join(REPO_ROOT, logo)),
      `${spec.logoUrl} is in the repository`,
    );
    assert.ok(
      spec.logoUrl.startsWith(spec.repository.replace("github.com", "raw.githubusercontent.com")),
    );
  });

  it("holds no value of the environment", () => {
    const secret = "plugin-schema-secret-value";
    const saved = process.env.AZURE_CLIENT_SECRET;
    process.env.AZURE_CLIENT_SECRET = secret;
    try {
      assert.ok(!JSON.stringify(packageSchema("1.0.0")).includes(secret));
    } finally {
      if (saved === undefined) delete process.env.AZURE_CLIENT_SECRET;
      else process.env.AZURE_CLIENT_SECRET = saved;
    }
  });
});
