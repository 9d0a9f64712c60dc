/** What `pulumi preview --json` and `pulumi stack export` print, as far as the tests read it. */

export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
  oldState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  newState?: { type?: string; inputs?: Record<string, unknown> };
}

export interface PreviewJson {
  steps: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: { message?: string; severity?: string; urn?: string }[];
}

export interface DeploymentResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** A pending delete: the old resource of a replacement the engine has not deleted yet. */
  delete?: boolean;
}

export interface ExportedState {
  version: number;
  deployment: { resources?: DeploymentResource[] };
}
