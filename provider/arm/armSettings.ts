/** Where ARM is and how to ask it, as the caller resolved them from its configuration. */
export interface ArmSettings {
  /** Base URL of Azure Resource Manager, without a trailing slash. */
  endpoint: string;
  /** The OAuth scope to ask tokens for: the cloud's ARM audience + "/.default". */
  scope: string;
  /** The Entra ID authority host: the one configured, else the cloud's own. */
  authorityHost: string;
  /**
   * True when the authority is not one of the Microsoft clouds' own (Azure Stack Hub, ADFS,
   * an emulator): instance discovery would ask login.microsoftonline.com and fail offline.
   */
  disableInstanceDiscovery: boolean;
  apiVersion: string;
  /** How long one HTTP request may take before it is abandoned and retried. */
  requestTimeoutMs: number;
}
