import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionOutputs } from "../../provider";

/**
 * Drives a dynamic provider the way the engine does, for machines without the Pulumi CLI:
 * check -> diff -> create on the first up, read on refresh, check -> diff -> update on the
 * next up, delete on destroy. Each command gets a provider of its own, as the engine starts a
 * provider process per command. The engine's own behaviour is exercised by test/e2e.
 */
export type DrivableProvider = Pick<
  Required<pulumi.dynamic.ResourceProvider>,
  "check" | "diff" | "create" | "read" | "update" | "delete"
>;

export class DirectLifecycle {
  private id: string | undefined;
  private state: ConnectionOutputs | undefined;

  private provider: DrivableProvider;

  constructor(private readonly providerForCommand: () => DrivableProvider) {
    this.provider = providerForCommand();
  }

  get outputs(): ConnectionOutputs | undefined {
    return this.state;
  }

  /** As `pulumi up`: returns what happened ("create", "update", "same"). */
  async up(program: Record<string, unknown>): Promise<"create" | "update" | "same"> {
    this.provider = this.providerForCommand();
    const checked = await this.provider.check(this.state ?? {}, program);
    if (checked.failures && checked.failures.length > 0) {
      throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    }
    if (this.id === undefined || this.state === undefined) {
      const created = await this.provider.create(checked.inputs);
      this.id = created.id;
      this.state = created.outs as ConnectionOutputs;
      return "create";
    }
    const plan = await this.provider.diff(this.id, this.state, checked.inputs);
    if (!plan.changes) {
      return "same";
    }
    if (plan.replaces && plan.replaces.length > 0) {
      throw new Error(`a replace of ${plan.replaces.join(", ")} is not part of this demo`);
    }
    const updated = await this.provider.update(this.id, this.state, checked.inputs);
    this.state = updated.outs as ConnectionOutputs;
    return "update";
  }

  /** As `pulumi refresh`: returns the properties that drifted. */
  async refresh(): Promise<string[]> {
    this.provider = this.providerForCommand();
    if (this.id === undefined || this.state === undefined) {
      return [];
    }
    const read = await this.provider.read(this.id, this.state);
    if (!read.id) {
      this.id = undefined;
      this.state = undefined;
      return ["(deleted)"];
    }
    const fresh = read.props as ConnectionOutputs;
    const drifted = (["status", "description"] as const).filter(
      (k) => fresh[k] !== this.state?.[k],
    );
    this.state = fresh;
    return drifted;
  }

  /** As `pulumi destroy`. */
  async destroy(): Promise<void> {
    this.provider = this.providerForCommand();
    if (this.id !== undefined && this.state !== undefined) {
      await this.provider.delete(this.id, this.state);
      this.id = undefined;
      this.state = undefined;
    }
  }
}
