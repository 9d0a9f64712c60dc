import type { RequestLogEntry } from "../types";

/** What ARM and token requests the emulator answered, oldest first; /_emulator is not logged. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  all(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** The line EmulatorOptions.log receives per request. */
export function formatLogLine(e: RequestLogEntry): string {
  const status = e.status === 0 ? "reset" : String(e.status);
  return `${e.time} ${e.method} ${e.path} -> ${status} (${e.op}, ${e.durationMs} ms)`;
}
