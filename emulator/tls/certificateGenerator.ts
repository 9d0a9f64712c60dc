import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { generate } from "selfsigned";
import { certificatePaths } from "./certificatePaths";

/**
 * Makes a private CA and a server certificate for 127.0.0.1 and localhost, signed by it.
 * The CA's key is thrown away once it has signed: whoever trusts ca.pem trusts this one
 * server certificate and nothing anyone could mint later.
 *
 * selfsigned is asynchronous (WebCrypto), so ensureCertificate() runs this file as a child
 * process to keep its own signature synchronous.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
/** Within the 398-day limit some TLS clients put on server certificates. */
const SERVER_VALIDITY_DAYS = 397;

function writeAtomically(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, content, { mode });
  fs.renameSync(temporary, file);
}

export async function generateCertificateFiles(certDir: string): Promise<void> {
  // A minute in the past, so a client whose clock is slightly behind still accepts it.
  const notBeforeDate = new Date(Date.now() - 60_000);
  const ca = await generate([{ name: "commonName", value: "MHSM ARM emulator local CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
    ca: { key: ca.private, cert: ca.cert },
  });
  const paths = certificatePaths(certDir);
  fs.mkdirSync(certDir, { recursive: true, mode: 0o700 });
  // Key before certificate before CA: a reader that sees a new CA sees the pair it signed.
  writeAtomically(paths.keyPath, server.private, 0o600);
  writeAtomically(paths.certPath, server.cert, 0o644);
  writeAtomically(paths.caPath, ca.cert, 0o644);
}

if (require.main === module) {
  const certDir = process.argv[2];
  if (!certDir) {
    process.stderr.write(`usage: node ${path.basename(__filename)} <cert-dir>\n`);
    process.exit(2);
  }
  generateCertificateFiles(path.resolve(certDir)).catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
