import * as fs from "node:fs";

/**
 * Samples the memory of the dynamic-provider host processes of one bulk run through /proc:
 * node processes running @pulumi/pulumi's cmd/dynamic-provider whose environment carries
 * this run's marker (other pulumi runs on the machine are not ours to measure). VmHWM is the
 * kernel's own high-water mark of each process's RSS, so sampling only has to happen before
 * the process exits.
 */
export interface HostMemory {
  /** The highest VmHWM of any one host process seen. */
  peakHwmBytes: number | undefined;
  /** The highest sum of VmRSS over the host processes alive at one sample. */
  peakTotalRssBytes: number | undefined;
  processes: number;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function kib(status: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

export class HostMemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly hwm = new Map<number, number>();
  private readonly excluded = new Set<number>();
  private peakTotal: number | undefined;

  constructor(
    private readonly marker: { name: string; value: string },
    private readonly intervalMs = 200,
  ) {}

  static available(): boolean {
    return fs.existsSync("/proc/self/status");
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): HostMemory {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const hwm = [...this.hwm.values()];
    return {
      peakHwmBytes: hwm.length > 0 ? Math.max(...hwm) : undefined,
      peakTotalRssBytes: this.peakTotal,
      processes: this.hwm.size,
    };
  }

  private sample(): void {
    let entries: string[];
    try {
      entries = fs.readdirSync("/proc");
    } catch {
      return;
    }
    let total = 0;
    let seen = 0;
    const wanted = `${this.marker.name}=${this.marker.value}`;
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      if (this.excluded.has(pid)) continue;
      if (!this.hwm.has(pid)) {
        // Read again at every sample: a process forked by the engine may exec the host later.
        const argv = (readText(`/proc/${pid}/cmdline`) ?? "").split("\0");
        const isHost =
          /(^|\/)node$/.test(argv[0] ?? "") &&
          argv.some((arg) => /cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(arg));
        if (!isHost) continue;
        const environ = readText(`/proc/${pid}/environ`);
        if (!environ?.split("\0").includes(wanted)) {
          // Another run's host: its environment will not change.
          this.excluded.add(pid);
          continue;
        }
      }
      const status = readText(`/proc/${pid}/status`);
      if (!status) continue;
      const rss = kib(status, "VmRSS");
      const hwm = kib(status, "VmHWM");
      if (hwm !== undefined) this.hwm.set(pid, Math.max(hwm, this.hwm.get(pid) ?? 0));
      if (rss !== undefined) {
        total += rss;
        seen++;
      }
    }
    if (seen > 0) this.peakTotal = Math.max(this.peakTotal ?? 0, total);
  }
}

/** VmRSS of the dynamic-provider host among the descendants of `root` (Linux only). */
export function hostRssUnder(root: number): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const parent = new Map<number, number>();
  for (const entry of entries) {
    const stat = readText(`/proc/${entry}/stat`);
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
    const m = stat ? /\)\s+\S+\s+(\d+)/.exec(stat.slice(stat.lastIndexOf(")"))) : null;
    if (m) parent.set(Number(entry), Number(m[1]));
  }
  const descends = (pid: number): boolean => {
    for (
      let p = parent.get(pid), hops = 0;
      p !== undefined && hops < 16;
      p = parent.get(p), hops++
    ) {
      if (p === root) return true;
    }
    return false;
  };
  for (const [pid] of parent) {
    if (pid !== root && !descends(pid)) continue;
    const argv = (readText(`/proc/${pid}/cmdline`) ?? "").split("\0");
    if (argv.some((arg) => /cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(arg))) {
      const status = readText(`/proc/${pid}/status`);
      return status ? kib(status, "VmRSS") : undefined;
    }
  }
  return undefined;
}
