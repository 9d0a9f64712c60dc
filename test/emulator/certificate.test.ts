import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { X509Certificate } from "node:crypto";
import { ensureCertificate } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "./support/emulator";
import { childEnv, runNode } from "./support/processes";

/** A request from a fresh Node process that trusts only what NODE_EXTRA_CA_CERTS adds. */
const FETCH = `
fetch(process.argv[1])
  .then((r) => r.text().then((t) => console.log(JSON.stringify({ status: r.status, body: t }))))
  .catch((e) => console.log(JSON.stringify({ error: String(e.cause?.code ?? e.message) })));
`;

describe("emulator TLS certificate", function () {
  this.timeout(30_000);
  stopEmulatorsAfterEach();
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-emulator-cert-"));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("generates a CA and a server certificate for 127.0.0.1 and localhost, keeping the key private", () => {
    const paths = ensureCertificate(dir);
    const ca = new X509Certificate(fs.readFileSync(paths.caPath));
    const server = new X509Certificate(fs.readFileSync(paths.certPath));
    assert.equal(ca.ca, true);
    assert.equal(server.ca, false);
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey));
    assert.match(server.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
    assert.match(server.subjectAltName ?? "", /DNS:localhost/);
    assert.equal(
      fs.statSync(paths.keyPath).mode & 0o077,
      0,
      "the key is readable by its owner only",
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ["ca.pem", "server-cert.pem", "server-key.pem"]);
  });

  it("reuses a valid certificate and regenerates a broken one", () => {
    const first = ensureCertificate(dir);
    const ca = fs.readFileSync(first.caPath, "utf8");
    assert.equal(fs.readFileSync(ensureCertificate(dir).caPath, "utf8"), ca, "idempotent");
    fs.writeFileSync(first.certPath, "not a certificate");
    const again = ensureCertificate(dir);
    assert.notEqual(fs.readFileSync(again.caPath, "utf8"), ca, "a new CA signed a new certificate");
    assert.ok(
      new X509Certificate(fs.readFileSync(again.certPath)).checkIssued(
        new X509Certificate(fs.readFileSync(again.caPath)),
      ),
    );
  });

  it("defaults to MHSM_EMULATOR_CERT_DIR", () => {
    const saved = process.env.MHSM_EMULATOR_CERT_DIR;
    process.env.MHSM_EMULATOR_CERT_DIR = dir;
    try {
      assert.equal(ensureCertificate().caPath, path.join(dir, "ca.pem"));
    } finally {
      if (saved === undefined) {
        delete process.env.MHSM_EMULATOR_CERT_DIR;
      } else {
        process.env.MHSM_EMULATOR_CERT_DIR = saved;
      }
    }
  });

  it("is trusted by a Node process through NODE_EXTRA_CA_CERTS alone, and only then", async () => {
    const emulator = await start({ certDir: dir });
    const url = `${emulator.url}/_emulator/behavior`;
    const trusted = await runNode(
      ["-e", FETCH, url],
      childEnv({ NODE_EXTRA_CA_CERTS: emulator.caPath }),
    );
    const answer = JSON.parse(trusted.stdout) as { status?: number; error?: string };
    assert.equal(answer.status, 200, trusted.stdout + trusted.stderr);
    const untrusted = await runNode(["-e", FETCH, url], childEnv());
    assert.match(
      (JSON.parse(untrusted.stdout) as { error: string }).error,
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/,
    );
    const byName = await runNode(
      ["-e", FETCH, `https://localhost:${emulator.port}/_emulator/behavior`],
      childEnv({ NODE_EXTRA_CA_CERTS: emulator.caPath }),
    );
    const named = JSON.parse(byName.stdout) as { status?: number; error?: string };
    // localhost may resolve to ::1 where nothing listens; what matters is that TLS accepts the name.
    assert.ok(named.status === 200 || named.error === "ECONNREFUSED", byName.stdout);
  });
});
