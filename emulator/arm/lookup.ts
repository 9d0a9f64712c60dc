import { parentResourceNotFound, resourceGroupNotFound } from "../errors";
import type { ParentIdentity } from "../state/ids";
import type { ParentRecord } from "../state/records";
import type { EmulatorState } from "../state/state";

/** The parent a nested request names, or the 404 ARM answers when it or its group is missing. */
export function existingParent(state: EmulatorState, p: ParentIdentity): ParentRecord {
  const parent = state.findParent(p);
  if (parent) {
    return parent;
  }
  if (!state.resourceGroupExists(p.subscriptionId, p.resourceGroupName)) {
    throw resourceGroupNotFound(p.resourceGroupName);
  }
  throw parentResourceNotFound(p.parentName);
}
