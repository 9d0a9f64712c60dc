import * as fs from "node:fs";

/*
 * The processes of a Pulumi workspace, found through /proc (Linux only): to interrupt a run's
 * process tree, and to check that a run left none behind.
 */

export interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

/**
 * Every live process started for this workspace: the CLI, its language host and program, the
 * dynamic provider host (`sh` launcher and `node .../dynamic-provider`). They all inherit the
 * workspace's PULUMI_HOME, which no other process has.
 */
export function processesOf(pulumiHome: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (!environ.includes(`PULUMI_HOME=${pulumiHome}`)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...; comm may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue; // exited, waiting for its parent to reap it
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      found.push({ pid: Number(entry), ppid: Number(ppid), cmdline: cmdline.trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** pid and every process under it. */
export function treeOf(pid: number, processes: ProcessInfo[]): ProcessInfo[] {
  const tree = processes.filter((p) => p.pid === pid);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...processes.filter((p) => p.ppid === tree[i].pid));
  }
  return tree;
}

export function describeProcesses(processes: ProcessInfo[]): string {
  return processes.map((p) => `${p.pid} (parent ${p.ppid}) ${p.cmdline.slice(0, 160)}`).join("\n");
}

export function killAll(processes: ProcessInfo[]) {
  for (const p of processes) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
