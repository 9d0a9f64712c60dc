import {
  connectionKey,
  parentKey,
  resourceGroupKey,
  type ConnectionIdentity,
  type ParentIdentity,
} from "./ids";
import { DEFAULT_SUBSCRIPTION_ID } from "../defaults";
import { completeOperation, isDue } from "./lifecycle";
import type { ConnectionRecord, OperationRecord, ParentRecord, PollView } from "./records";
import {
  emptyState,
  loadStateFile,
  saveStateFile,
  withResourceType,
  type PersistedState,
} from "./stateFile";

/** The changes a handler may make inside EmulatorState.update(). */
export interface StateWriter {
  setParent(record: ParentRecord): void;
  setConnection(record: ConnectionRecord): void;
  removeConnection(identity: ConnectionIdentity): void;
  setOperation(record: OperationRecord): void;
}

/**
 * The parents, connections and operations the emulator knows, indexed by
 * case-insensitive keys. Every query first applies the operations that are due, and every
 * update is saved to the state file (when there is one) as a whole.
 */
export class EmulatorState {
  private readonly parents = new Map<string, ParentRecord>();
  /** In creation order, which is the order lists answer in. */
  private readonly connections = new Map<string, ConnectionRecord>();
  private readonly operations = new Map<string, OperationRecord>();

  constructor(
    private readonly clock: () => number,
    private readonly file?: string,
  ) {
    const loaded = file ? loadStateFile(file) : undefined;
    if (loaded) {
      this.restore(loaded);
    }
  }

  now(): number {
    return this.clock();
  }

  findParent(p: ParentIdentity): ParentRecord | undefined {
    this.settle();
    return this.parents.get(parentKey(p));
  }

  /**
   * Subscriptions exist implicitly too: the emulator's own (DEFAULT_SUBSCRIPTION_ID) and those
   * holding at least one parent.
   */
  subscriptionExists(subscriptionId: string): boolean {
    const wanted = subscriptionId.toLowerCase();
    if (wanted === DEFAULT_SUBSCRIPTION_ID) return true;
    for (const parent of this.parents.values()) {
      if (parent.subscriptionId.toLowerCase() === wanted) return true;
    }
    return false;
  }

  /** The subscriptions that exist: the emulator's own first, then those holding a parent. */
  subscriptionIds(): string[] {
    const ids = new Map<string, string>([[DEFAULT_SUBSCRIPTION_ID, DEFAULT_SUBSCRIPTION_ID]]);
    for (const parent of this.parents.values()) {
      const key = parent.subscriptionId.toLowerCase();
      if (!ids.has(key)) ids.set(key, parent.subscriptionId);
    }
    return [...ids.values()];
  }

  /** The parents of one subscription, in creation order. */
  parentsIn(subscriptionId: string): ParentRecord[] {
    const wanted = subscriptionId.toLowerCase();
    return [...this.parents.values()].filter((p) => p.subscriptionId.toLowerCase() === wanted);
  }

  /** Resource groups exist implicitly: those holding at least one parent. */
  resourceGroupExists(subscriptionId: string, resourceGroupName: string): boolean {
    const wanted = resourceGroupKey(subscriptionId, resourceGroupName);
    for (const parent of this.parents.values()) {
      if (resourceGroupKey(parent.subscriptionId, parent.resourceGroupName) === wanted) {
        return true;
      }
    }
    return false;
  }

  findConnection(c: ConnectionIdentity): ConnectionRecord | undefined {
    this.settle();
    return this.connections.get(connectionKey(c));
  }

  connectionsOf(p: ParentIdentity): ConnectionRecord[] {
    this.settle();
    const key = parentKey(p);
    return [...this.connections.values()].filter((c) => parentKey(c) === key);
  }

  findOperation(id: string): OperationRecord | undefined {
    this.settle();
    return this.operations.get(id);
  }

  /** The operation a kv-operation value belongs to, and which of its poll URLs it is. */
  findOperationByToken(token: string): { operation: OperationRecord; view: PollView } | undefined {
    this.settle();
    for (const operation of this.operations.values()) {
      for (const [view, value] of Object.entries(operation.tokens)) {
        if (value === token) {
          return { operation, view: view as PollView };
        }
      }
    }
    return undefined;
  }

  update<T>(change: (writer: StateWriter) => T): T {
    this.settle();
    const result = change({
      setParent: (r) => this.parents.set(parentKey(r), r),
      setConnection: (r) => this.connections.set(connectionKey(r), r),
      removeConnection: (c) => this.connections.delete(connectionKey(c)),
      setOperation: (r) => this.operations.set(r.id, r),
    });
    this.save();
    return result;
  }

  /**
   * Every operation still running ends now, with the outcome it was started with (one started
   * under `Never` too): the control API's way for a test to decide when ARM's backend is done,
   * instead of racing a duration. Returns how many ended.
   */
  completeRunningOperations(): number {
    this.settle();
    const now = this.clock();
    const running = [...this.operations.values()].filter((o) => o.status === "InProgress");
    running.forEach((o) => this.operations.set(o.id, { ...o, completesAt: now }));
    for (const [key, c] of this.connections) {
      if (c.stale && c.stale.until > now) {
        this.connections.set(key, { ...c, stale: { ...c.stale, until: now } });
      }
    }
    this.settle();
    this.save();
    return running.length;
  }

  clear(): void {
    this.parents.clear();
    this.connections.clear();
    this.operations.clear();
    this.save();
  }

  private settle(): void {
    const now = this.clock();
    const due = [...this.operations.values()]
      .filter((o) => isDue(o, now))
      .sort((a, b) => (a.completesAt ?? 0) - (b.completesAt ?? 0));
    const removed = [...this.connections.entries()].filter(
      ([, c]) => c.removeAt !== undefined && c.removeAt <= now,
    );
    if (due.length === 0 && removed.length === 0) {
      return;
    }
    removed.forEach(([key]) => this.connections.delete(key));
    for (const operation of due) {
      const completed = completeOperation(operation, this.connections.get(operation.connectionKey));
      this.operations.set(operation.id, completed.operation);
      if (completed.connection) {
        this.connections.set(operation.connectionKey, completed.connection);
      } else {
        this.connections.delete(operation.connectionKey);
      }
    }
    this.save();
  }

  private snapshot(): PersistedState {
    return {
      ...emptyState(),
      parents: [...this.parents.values()],
      connections: [...this.connections.values()],
      operations: [...this.operations.values()],
    };
  }

  private restore(state: PersistedState): void {
    state.parents.map(withResourceType).forEach((r) => this.parents.set(parentKey(r), r));
    state.connections
      .map(withResourceType)
      .forEach((r) => this.connections.set(connectionKey(r), r));
    state.operations
      .map((r) => ({ ...r, connection: withResourceType(r.connection) }))
      .forEach((r) => this.operations.set(r.id, r));
  }

  private save(): void {
    if (this.file) {
      saveStateFile(this.file, this.snapshot());
    }
  }
}
