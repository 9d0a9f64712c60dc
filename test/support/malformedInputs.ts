/**
 * Malformed inputs, one broken property each, for check's table tests (unit, through fakes) and
 * the integration test that shows none of them reaches ARM. Each case's `news` is laid over
 * valid inputs; `reason` is the rule the failure must state, and it must name `property`.
 */

export interface MalformedInput {
  property: string;
  news: Record<string, unknown>;
  reason: RegExp;
}

const SUB = "11111111-2222-3333-4444-555555555555";
const RG = "rg-pec";
const CONN = "pe-contoso.8f1c4f2a-6c1d-4b1e-9d0a-2f3e4a5b6c7d";
const HSM_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm`;
const CONN_ID = `${HSM_ID}/privateEndpointConnections/${CONN}`;
const PE_ID = `/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/consumer/providers/Microsoft.Network/privateEndpoints/pe-contoso`;

export const MALFORMED_INPUTS: MalformedInput[] = [
  { property: "hsmName", news: { hsmName: "ab" }, reason: /3 to 24 characters/ },
  { property: "hsmName", news: { hsmName: "a".repeat(25) }, reason: /3 to 24 characters/ },
  {
    property: "hsmName",
    news: { hsmName: "../hsm" },
    reason: /only ASCII letters, digits and hyphens/,
  },
  { property: "hsmName", news: { hsmName: "hsm/evil" }, reason: /only ASCII letters/ },
  { property: "hsmName", news: { hsmName: "hsm%2F1" }, reason: /only ASCII letters/ },
  { property: "hsmName", news: { hsmName: "hsm?x=1" }, reason: /only ASCII letters/ },
  { property: "hsmName", news: { hsmName: "hsm#1" }, reason: /only ASCII letters/ },
  { property: "hsmName", news: { hsmName: "hsm\u0000x" }, reason: /only ASCII letters/ },
  { property: "hsmName", news: { hsmName: "hsmñame" }, reason: /only ASCII letters/ },
  { property: "hsmName", news: { hsmName: "9hsm" }, reason: /start with a letter/ },
  { property: "hsmName", news: { hsmName: "my--hsm" }, reason: /consecutive hyphens/ },
  { property: "hsmName", news: { hsmName: 42 }, reason: /must be a string \(got number\)/ },
  {
    property: "hsmName",
    news: { hsmName: ["hsm"] },
    reason: /must be a string \(got object\)/,
  },
  { property: "hsmName", news: { hsmName: "" }, reason: /hsmName is required/ },
  { property: "hsmName", news: { hsmName: HSM_ID }, reason: /3 to 24 characters/ },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "c".repeat(257) },
    reason: /1 to 256 characters/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "../../managedHSMs/other" },
    reason: /must not contain '\/'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: ".." },
    reason: /'\.\.'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe?api-version=1" },
    reason: /'\?'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe#x" },
    reason: /'#'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe%2Fx" },
    reason: /'%'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe\\x" },
    reason: /must not contain '\\'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe\r\nx" },
    reason: /control characters/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe\u007f" },
    reason: /control characters/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pé.1" },
    reason: /printable ASCII/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: "pe 1" },
    reason: /printable ASCII/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: CONN_ID },
    reason: /must not contain '\/'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: PE_ID },
    reason: /must not contain '\/'/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: { name: CONN } },
    reason: /must be a string/,
  },
  {
    property: "privateEndpointConnectionName",
    news: { privateEndpointConnectionName: true },
    reason: /must be a string/,
  },
  {
    property: "resourceGroupName",
    news: { resourceGroupName: "r".repeat(91) },
    reason: /1 to 90 characters/,
  },
  {
    property: "resourceGroupName",
    news: { resourceGroupName: "rg." },
    reason: /end with a period/,
  },
  {
    property: "resourceGroupName",
    news: { resourceGroupName: "../rg" },
    reason: /may contain only letters/,
  },
  {
    property: "resourceGroupName",
    news: { resourceGroupName: "rg%2F" },
    reason: /may contain only letters/,
  },
  {
    property: "resourceGroupName",
    news: { resourceGroupName: "rg\u0007" },
    reason: /may contain only letters/,
  },
  { property: "resourceGroupName", news: { resourceGroupName: 7 }, reason: /must be a string/ },
  { property: "subscriptionId", news: { subscriptionId: "my-subscription" }, reason: /GUID/ },
  {
    property: "subscriptionId",
    news: { subscriptionId: `${SUB}/resourceGroups/${RG}` },
    reason: /GUID/,
  },
  { property: "subscriptionId", news: { subscriptionId: 12345 }, reason: /must be a string/ },
  { property: "status", news: { status: "approved" }, reason: /did you mean "Approved"/ },
  { property: "status", news: { status: "rejected" }, reason: /did you mean "Rejected"/ },
  { property: "status", news: { status: "Pending" }, reason: /one of "Approved", "Rejected"/ },
  { property: "status", news: { status: 1 }, reason: /one of "Approved", "Rejected"/ },
  { property: "description", news: { description: "d".repeat(1025) }, reason: /at most 1024/ },
  { property: "description", news: { description: 3 }, reason: /must be a string/ },
  { property: "timeouts.create", news: { timeouts: { create: 0 } }, reason: /greater than 0/ },
  {
    property: "timeouts.delete",
    news: { timeouts: { delete: 86401 } },
    reason: /at most 86400/,
  },
  {
    property: "timeouts.update",
    news: { timeouts: { update: "10m" } },
    reason: /number of seconds/,
  },
  { property: "timeouts", news: { timeouts: "30m" }, reason: /must be an object/ },
  { property: "connectionName", news: { connectionName: CONN }, reason: /not an input/ },
  { property: "vaultName", news: { vaultName: "kv1" }, reason: /not an input/ },
];
