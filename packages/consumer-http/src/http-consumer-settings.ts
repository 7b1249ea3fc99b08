/** Resolved options as the request path uses them. */
export interface HttpConsumerSettings {
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  maxErrorBodyBytes: number;
}
