import * as os from "node:os";
import * as path from "node:path";
import type { CertificatePaths } from "../types";

export const CERT_DIR_ENV = "MHSM_EMULATOR_CERT_DIR";

/** Shared by every emulator on the machine, so the CA is trusted once and reused. */
export function defaultCertDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[CERT_DIR_ENV] || path.join(os.homedir(), ".cache", "mhsm-arm-emulator");
}

export function certificatePaths(certDir: string): CertificatePaths {
  return {
    certPath: path.join(certDir, "server-cert.pem"),
    keyPath: path.join(certDir, "server-key.pem"),
    caPath: path.join(certDir, "ca.pem"),
  };
}
