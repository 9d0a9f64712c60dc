import { strict as assert } from "node:assert";
import { executableFormatOf, formatFor } from "../../tools/release/executableFormat";
import { PLATFORMS, archiveName } from "../../tools/release/platforms";

function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b.writeUInt16LE(machine, 18);
  return b;
}

function macho(cpu: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}

function pe(machine: number): Buffer {
  const b = Buffer.alloc(256);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  b.writeUInt16LE(machine, 0x84);
  return b;
}

describe("release: executable formats and archive names", () => {
  it("reads ELF, Mach-O and PE headers and their machine", () => {
    assert.deepEqual(executableFormatOf(elf(0x3e)), { format: "elf", arch: "amd64" });
    assert.deepEqual(executableFormatOf(elf(0xb7)), { format: "elf", arch: "arm64" });
    assert.deepEqual(executableFormatOf(macho(0x01000007)), { format: "macho", arch: "amd64" });
    assert.deepEqual(executableFormatOf(macho(0x0100000c)), { format: "macho", arch: "arm64" });
    assert.deepEqual(executableFormatOf(pe(0x8664)), { format: "pe", arch: "amd64" });
    assert.deepEqual(executableFormatOf(pe(0xaa64)), { format: "pe", arch: "arm64" });
  });

  it("tells a script and unknown bytes from an executable", () => {
    assert.deepEqual(executableFormatOf(Buffer.from("#!/bin/sh\n")), { format: "script" });
    assert.deepEqual(executableFormatOf(Buffer.from("hello")), { format: "unknown" });
    assert.equal(executableFormatOf(elf(0x28)).arch, undefined, "32-bit ARM is neither");
  });

  it("names one archive per os x arch the way pulumi plugin install expects", () => {
    const names = PLATFORMS.map((p) => archiveName("0.1.0", p));
    assert.equal(new Set(names).size, 6);
    assert.ok(names.includes("pulumi-resource-azure-mhsm-pec-v0.1.0-linux-amd64.tar.gz"));
    for (const p of PLATFORMS) {
      assert.equal(p.executable.endsWith(".exe"), p.os === "windows", `${p.os}'s executable name`);
    }
    assert.equal(formatFor("darwin"), "macho");
  });
});
