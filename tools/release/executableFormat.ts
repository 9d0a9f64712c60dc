/**
 * What an executable's first bytes say it is: ELF, Mach-O or PE, and for which machine. The
 * release checks every plugin it did not run against the platform it is named for.
 */

export interface ExecutableFormat {
  format: "elf" | "macho" | "pe" | "script" | "unknown";
  arch?: "amd64" | "arm64";
}

const ELF_MACHINES: Record<number, "amd64" | "arm64"> = { 0x3e: "amd64", 0xb7: "arm64" };
const MACHO_CPUS: Record<number, "amd64" | "arm64"> = { 0x01000007: "amd64", 0x0100000c: "arm64" };
const PE_MACHINES: Record<number, "amd64" | "arm64"> = { 0x8664: "amd64", 0xaa64: "arm64" };

export function executableFormatOf(bytes: Buffer): ExecutableFormat {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    return { format: "elf", arch: ELF_MACHINES[bytes.readUInt16LE(18)] };
  }
  // 64-bit Mach-O, little-endian (MH_MAGIC_64 as read from the file's bytes).
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    return { format: "macho", arch: MACHO_CPUS[bytes.readUInt32LE(4)] };
  }
  if (bytes.length >= 64 && bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.length >= pe + 6 && bytes.toString("latin1", pe, pe + 4) === "PE\0\0") {
      return { format: "pe", arch: PE_MACHINES[bytes.readUInt16LE(pe + 4)] };
    }
  }
  if (bytes.toString("latin1", 0, 2) === "#!") {
    return { format: "script" };
  }
  return { format: "unknown" };
}

/** The format a platform's native executable has. */
export function formatFor(os: "linux" | "darwin" | "windows"): ExecutableFormat["format"] {
  return os === "linux" ? "elf" : os === "darwin" ? "macho" : "pe";
}
