/**
 * Every request of the ARM client goes to the endpoint's origin, or nowhere. ARM hands back
 * URLs (a list's nextLink, a DELETE's Location or Azure-AsyncOperation) that the client follows
 * with our bearer token; one on another host (a proxy's rewrite, a compromised answer) would
 * receive the token. Checked in the pipeline, so no path through the SDK can skip it.
 */

import type { PipelinePolicy } from "@azure/core-rest-pipeline";

export const ARM_ORIGIN_ONLY_POLICY = "armOriginOnly";

export class ForeignOriginError extends Error {
  override name = "ForeignOriginError";
}

export function armOriginOnlyPolicy(endpoint: string): PipelinePolicy {
  const expected = new URL(endpoint).origin;
  return {
    name: ARM_ORIGIN_ONLY_POLICY,
    sendRequest(request, next) {
      const origin = new URL(request.url).origin;
      if (origin !== expected) {
        throw new ForeignOriginError(
          `ARM answered with a URL on another host (${origin}); refusing to send credentials ` +
            `there (expected ${expected}). Nothing was sent to it; check that nothing between ` +
            `this machine and ARM rewrites its answers`,
        );
      }
      return next(request);
    },
  };
}
