/**
 * startEmulator: checks the options, listens on 127.0.0.1, composes the parts and hands the
 * request listener to the server. What the parts do lives in composition.ts,
 * requestListener.ts and listeningServer.ts.
 */
import { ensureCertificate } from "../tls/certificate";
import { defaultCertDir } from "../tls/certificatePaths";
import { DEFAULT_CLIENT_ID, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID } from "../defaults";
import { SYSTEM_ASSIGNED_CLIENT_ID, USER_ASSIGNED_CLIENT_ID } from "../identity/managedIdentity";
import type { CertificatePaths, EmulatorOptions, RunningEmulator } from "../types";
import { checkOptions, composeEmulator, type EmulatorParts } from "./composition";
import { listen, type ListeningServer } from "./listeningServer";
import { createRequestListener } from "./requestListener";
import { MSI_TOKEN_PATH } from "./routes";

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptions(options);
  const certificate = ensureCertificate(options.certDir ?? defaultCertDir());
  const server = await listen(certificate, options.port ?? 0);
  let parts: EmulatorParts;
  try {
    parts = composeEmulator(options, server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const requests = createRequestListener(parts, options.log);
  server.onRequest(requests.listener);
  let stopped = false;
  return runningEmulator(parts, server, certificate, options, async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    requests.stop();
    await server.stop();
  });
}

function runningEmulator(
  parts: EmulatorParts,
  server: ListeningServer,
  certificate: CertificatePaths,
  options: EmulatorOptions,
  stop: () => Promise<void>,
): RunningEmulator {
  const { url, clientSecret, oidcIssuer, managedIdentity } = parts;
  return {
    url,
    port: server.port,
    caPath: certificate.caPath,
    tenantId: DEFAULT_TENANT_ID,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret,
    subscriptionId: DEFAULT_SUBSCRIPTION_ID,
    env() {
      return {
        AZURE_RESOURCE_MANAGER_ENDPOINT: url,
        AZURE_AUTHORITY_HOST: url,
        AZURE_TENANT_ID: DEFAULT_TENANT_ID,
        AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
        AZURE_CLIENT_SECRET: clientSecret,
        AZURE_SUBSCRIPTION_ID: DEFAULT_SUBSCRIPTION_ID,
        NODE_EXTRA_CA_CERTS: certificate.caPath,
        ...(options.armAudience === undefined
          ? {}
          : { AZURE_RESOURCE_MANAGER_AUDIENCE: parts.armAudience }),
      };
    },
    identities: {
      oidcIssuer: oidcIssuer.issuer,
      oidcRequestUrl: oidcIssuer.requestUrl,
      oidcRequestToken: oidcIssuer.requestToken,
      identityEndpoint: `${url}${MSI_TOKEN_PATH}`,
      identityHeader: managedIdentity.identityHeader,
      systemAssignedClientId: SYSTEM_ASSIGNED_CLIENT_ID,
      userAssignedClientId: USER_ASSIGNED_CLIENT_ID,
    },
    control: parts.control,
    stop,
  };
}
