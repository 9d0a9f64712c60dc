import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { certificatePaths, defaultCertDir } from "./certificatePaths";
import type { CertificatePaths } from "../types";

/**
 * The TLS material the emulator serves and clients trust: reused while it is valid for
 * 127.0.0.1 and localhost for another month, generated otherwise. Synchronous, because it
 * runs before anything else in tools/with-emulator-ca.ts and in the CLI.
 */

const RENEW_BEFORE_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;
const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 120_000;
const GENERATOR = path.join(__dirname, "certificateGenerator.js");

function isUsable(paths: CertificatePaths, now: number): boolean {
  try {
    const ca = new X509Certificate(fs.readFileSync(paths.caPath));
    const server = new X509Certificate(fs.readFileSync(paths.certPath));
    const key = createPrivateKey(fs.readFileSync(paths.keyPath));
    return (
      ca.ca &&
      server.checkIssued(ca) &&
      server.verify(ca.publicKey) &&
      server.checkPrivateKey(key) &&
      server.checkIP("127.0.0.1") !== undefined &&
      server.checkHost("localhost") !== undefined &&
      Date.parse(server.validFrom) <= now &&
      Date.parse(server.validTo) - now > RENEW_BEFORE_EXPIRY_MS &&
      Date.parse(ca.validTo) - now > RENEW_BEFORE_EXPIRY_MS
    );
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A directory as lock: mkdir is atomic, so two processes never generate at once. */
function withLock<T>(certDir: string, action: () => T): T {
  const lock = path.join(certDir, ".lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw error;
      }
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (!held) {
        continue; // released between mkdir and stat
      }
      if (Date.now() - held.mtimeMs > LOCK_STALE_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${lock}; remove it if no emulator is starting`);
      } else {
        sleepSync(50);
      }
    }
  }
  try {
    return action();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function generate(certDir: string): void {
  try {
    execFileSync(process.execPath, [GENERATOR, certDir], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 60_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `could not generate the emulator's TLS certificate in ${certDir}: ${stderr || String(error)}`,
    );
  }
}

export function ensureCertificate(certDir: string = defaultCertDir()): CertificatePaths {
  const dir = path.resolve(certDir);
  const paths = certificatePaths(dir);
  if (isUsable(paths, Date.now())) {
    return paths;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  withLock(dir, () => {
    // Another process may have generated it while this one waited for the lock.
    if (!isUsable(paths, Date.now())) {
      generate(dir);
    }
  });
  if (!isUsable(paths, Date.now())) {
    throw new Error(`the TLS certificate generated in ${dir} is not usable`);
  }
  return paths;
}
