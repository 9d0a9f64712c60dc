import type * as pulumi from "@pulumi/pulumi";

/** The npm name this package is published under; the shim loads the provider through it. */
export const PACKAGE_NAME = "pulumi-azure-mhsm-pec";

export type ProviderExport =
  | "MhsmPrivateEndpointConnectionProvider"
  | "KeyVaultPrivateEndpointConnectionProvider"
  | "MhsmPrivateEndpointConnectionPolicyProvider"
  | "KeyVaultPrivateEndpointConnectionPolicyProvider"
  | "AnyPrivateEndpointConnectionProvider"
  | "AnyPrivateEndpointConnectionPolicyProvider";

/**
 * The object Pulumi serializes into every resource's state as `__provider`. It holds no code
 * of the provider and no value of the environment: at run time it loads the installed
 * package, so an upgrade of the package takes effect on the next refresh or destroy of
 * existing stacks, and the serialized text stays small and stable across versions.
 *
 * A program run from this package's own checkout (its root Pulumi.yaml) does not have the
 * package in node_modules: then the shim finds the enclosing package by name from the
 * working directory. Comments inside the closure would be serialized, so they are here.
 */
export function providerShim(exportName: ProviderExport): pulumi.dynamic.ResourceProvider {
  const packageName = PACKAGE_NAME;
  let provider: pulumi.dynamic.ResourceProvider | undefined;
  const load = (): pulumi.dynamic.ResourceProvider => {
    if (provider === undefined) {
      let mod: Record<string, new () => pulumi.dynamic.ResourceProvider>;
      try {
        mod = require(packageName);
      } catch (error) {
        const path = require("path");
        const fs = require("fs");
        let dir = process.cwd();
        for (;;) {
          const manifest = path.join(dir, "package.json");
          if (
            fs.existsSync(manifest) &&
            JSON.parse(fs.readFileSync(manifest, "utf8")).name === packageName
          ) {
            mod = require(dir);
            break;
          }
          const parent = path.dirname(dir);
          if (parent === dir) {
            throw error;
          }
          dir = parent;
        }
      }
      provider = new mod[exportName]();
    }
    return provider;
  };
  return {
    configure: async (req) => {
      const loaded = load();
      if (loaded.configure) {
        await loaded.configure(req);
      }
    },
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}
