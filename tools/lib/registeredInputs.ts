import * as pulumi from "@pulumi/pulumi";

/**
 * The inputs a resource sends the engine when registered, `__provider` included: the resource
 * is built under pulumi.runtime.setMocks (global to the process) and its registration awaited.
 */
export async function registeredInputsOf(
  build: () => pulumi.CustomResource,
): Promise<Record<string, unknown>> {
  let captured: Record<string, unknown> | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured = args.inputs;
        return { id: "id", state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  const resource = build();
  await new Promise<void>((resolve) => resource.urn.apply(() => resolve()));
  if (!captured) {
    throw new Error("the resource was not registered");
  }
  return captured;
}
