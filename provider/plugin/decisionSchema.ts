/** The schema types of the decision record (inputs.ts DecisionRecord), for the plugin's schema. */

import type { DecisionRecord } from "../inputs";
import type { ObjectTypeSpec, SpecJson } from "./schemaTypes";
import { DECIDED_BY_TOKEN, DECISION_RECORD_TOKEN, SUPERSEDED_TOKEN } from "./tokens";

const DECIDED_BY: ObjectTypeSpec<DecisionRecord["decidedBy"]> = {
  type: "object",
  description: "Whom ARM saw write: claims of the PUT's access token (never the token).",
  properties: {
    appId: { type: "string", description: "The application (client) id: claim appid or azp." },
    objectId: { type: "string", description: "The principal's object id: claim oid." },
    tenantId: { type: "string", description: "The tenant: claim tid." },
  },
  required: ["appId", "objectId", "tenantId"],
};

const SUPERSEDED: ObjectTypeSpec<NonNullable<DecisionRecord["superseded"]>> = {
  type: "object",
  description: "A refresh found another status than the recorded one.",
  properties: {
    observedAt: { type: "string", description: "When the refresh saw it (ISO 8601)." },
    status: { type: "string", description: "The status it saw." },
  },
  required: ["observedAt", "status"],
};

const DECISION_RECORD: ObjectTypeSpec<DecisionRecord> = {
  type: "object",
  description:
    "The provider's last write of the connection: when, by whom, from which status to which, and ARM's request id.",
  properties: {
    decidedAt: { type: "string", description: "When ARM accepted the write (ISO 8601, UTC)." },
    decidedBy: { $ref: `#/types/${DECIDED_BY_TOKEN}`, description: DECIDED_BY.description },
    previousStatus: { type: "string", description: "The status before the write." },
    status: { type: "string", description: "The status the write put the connection in." },
    rule: { type: "string", description: "The approval policy's rule, when a policy wrote it." },
    requestId: { type: "string", description: "ARM's x-ms-request-id of the PUT." },
    superseded: { $ref: `#/types/${SUPERSEDED_TOKEN}`, description: SUPERSEDED.description },
  },
  required: ["decidedAt", "decidedBy", "previousStatus", "status", "requestId"],
};

export const DECISION_TYPES: Record<string, SpecJson> = {
  [DECISION_RECORD_TOKEN]: DECISION_RECORD,
  [DECIDED_BY_TOKEN]: DECIDED_BY,
  [SUPERSEDED_TOKEN]: SUPERSEDED,
};

export const DECISION_OUTPUT = {
  $ref: `#/types/${DECISION_RECORD_TOKEN}`,
  description:
    "The provider's last write of the connection; absent while it has made none. Kept across refreshes, marked superseded once ARM shows another status.",
};
