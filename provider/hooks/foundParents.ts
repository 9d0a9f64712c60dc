import type { Clock } from "../arm/clock";

/** Long enough for one update's checks, short enough that a parent deleted since is seen. */
export const FOUND_FOR_MS = 5 * 60_000;
/** A host checks a handful of parents; the bound only keeps a long-lived host's memory flat. */
const MAX_FOUND = 1000;

/**
 * The parents (HSMs, vaults) that checks found, per subscription, principal and parent, and the
 * reads of a parent in flight. The engine makes a provider object per resource in one host
 * process, so a record per provider object would read the parent once per resource: 200 new
 * connections of one HSM would spend 200 turns of the read budget their creates need.
 */
export class FoundParents {
  private readonly found = new Map<string, number>();
  private readonly reading = new Map<string, Promise<void>>();

  constructor(
    private readonly foundForMs = FOUND_FOR_MS,
    private readonly maxFound = MAX_FOUND,
  ) {}

  /**
   * Runs `read` unless the parent named by `key` was found within foundForMs, or is being read
   * now (then its outcome is shared). A read that throws records nothing: the next check asks
   * again.
   */
  async once(key: string, clock: Clock, read: () => Promise<void>): Promise<void> {
    const at = this.found.get(key);
    if (at !== undefined && clock.now() - at < this.foundForMs) return;
    let pending = this.reading.get(key);
    if (!pending) {
      pending = read()
        .then(() => this.remember(key, clock.now()))
        .finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    await pending;
  }

  private remember(key: string, at: number): void {
    this.found.delete(key);
    this.found.set(key, at);
    // A Map iterates in insertion order: the first key is the one found longest ago.
    while (this.found.size > this.maxFound) {
      this.found.delete(this.found.keys().next().value as string);
    }
  }
}

/** The host process's record, shared by every provider object the engine makes in it. */
export const processFoundParents = new FoundParents();
