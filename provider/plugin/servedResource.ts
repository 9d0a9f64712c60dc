import type * as provider from "@pulumi/pulumi/provider";

/** The methods the plugin serves for one resource type (the URN is resolved already). */
export interface ServedResource {
  check(olds: unknown, news: unknown): Promise<provider.CheckResult>;
  diff(id: string, olds: unknown, news: unknown): Promise<provider.DiffResult>;
  create(news: unknown): Promise<provider.CreateResult>;
  read(id: string, props: unknown): Promise<provider.ReadResult>;
  update(id: string, olds: unknown, news: unknown): Promise<provider.UpdateResult>;
  delete(id: string, props: unknown): Promise<void>;
}
