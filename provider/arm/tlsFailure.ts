/**
 * A failure that comes from an untrusted TLS certificate, said as such. Node reports it as an
 * OpenSSL code on the socket error, and MSAL, when it cannot fetch its authority's metadata,
 * throws `endpoints_resolution_error` with no word of the cause: the user would not guess that
 * the ARM or token endpoint's certificate (an emulator's, a proxy's) is not trusted by Node.
 */

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const TLS_WORDS =
  /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired/i;

export const TLS_FIX =
  "The provider (a Node.js process) does not trust the TLS certificate of the ARM or token " +
  "endpoint. If it is the mhsm-arm-emulator or a TLS-inspecting proxy, trust its CA: set " +
  "NODE_EXTRA_CA_CERTS to the CA's PEM file in the environment that runs pulumi (the shell or " +
  "pipeline step, whatever the program's language; it is read when pulumi starts the " +
  "provider), then run pulumi again. The emulator prints the path when it starts (by default " +
  "~/.cache/mhsm-arm-emulator/ca.pem). To use Azure itself, unset AZURE_RESOURCE_MANAGER_ENDPOINT " +
  "and AZURE_AUTHORITY_HOST (and the azure-mhsm-pec:resourceManagerEndpoint and " +
  "azure-mhsm-pec:authorityHost stack configuration)";

/** What kind of TLS trouble `error` (or any error in its cause chain) reports, if any. */
export function tlsFailureOf(error: unknown): "certificate" | "metadata" | undefined {
  let metadata = false;
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    const errorCode = (e as { errorCode?: unknown }).errorCode;
    const message = e instanceof Error ? e.message : typeof e === "string" ? e : "";
    if ((typeof code === "string" && TLS_CODES.has(code)) || TLS_WORDS.test(message)) {
      return "certificate";
    }
    if (errorCode === "endpoints_resolution_error" || /endpoints_resolution_error/.test(message)) {
      metadata = true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return metadata ? "metadata" : undefined;
}

/** The sentence to add to a failure's message, when it is a TLS one. */
export function tlsHintOf(error: unknown): string | undefined {
  switch (tlsFailureOf(error)) {
    case "certificate":
      return TLS_FIX;
    case "metadata":
      return (
        "The identity library could not read the authority's OpenID metadata: most often the " +
        `endpoint is unreachable or its certificate is not trusted. ${TLS_FIX}`
      );
    default:
      return undefined;
  }
}
