/**
 * The contract of inbound authentication: what every HTTP expose asks of a request, and what it
 * is told. Static credentials (`inbound-auth.ts`) and the OAuth resource server (`oauth/`) both
 * implement it.
 */

/** The part of a request authentication reads (a node:http IncomingMessage fits). */
export interface InboundRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly url?: string;
}

/** Who a request authenticated as. */
export interface InboundPrincipal {
  /** Scopes the token grants; undefined for a static credential, which may call everything. */
  readonly scopes?: ReadonlySet<string>;
  /** `sub` of the token, for logs. */
  readonly subject?: string;
  /** `client_id` (or `azp`) of the token, for logs and per-caller limits. */
  readonly clientId?: string;
}

/** What authentication decided about one request. */
export type InboundVerdict =
  | { readonly ok: true; readonly principal: InboundPrincipal }
  | {
      readonly ok: false;
      /** 401: no or a bad credential; 503: the authorization server could not be reached. */
      readonly status: 401 | 503;
      /** The `WWW-Authenticate` value of the answer. */
      readonly challenge: string;
      /** For the client: what was wrong (never the credential itself); none for static credentials. */
      readonly detail?: string;
    };

export interface InboundAuth {
  /** The `WWW-Authenticate` value of a 401 without credentials. */
  readonly challenge: string;
  /**
   * Where the client puts the credential (lower-case header name, or query parameter name):
   * a gateway strips it before forwarding anything, so the upstream never sees it.
   */
  readonly credential: { readonly in: 'header' | 'query'; readonly name: string };
  /** Synchronous for static credentials; an OAuth resource server may have to ask its issuer. */
  authenticate(request: InboundRequest): InboundVerdict | Promise<InboundVerdict>;
  /**
   * Documents answered before authentication, by path (RFC 9728 protected resource metadata):
   * JSON text, served with `sendWellKnown`.
   */
  readonly wellKnown?: ReadonlyMap<string, string>;
  /** The `WWW-Authenticate` value of a 403 for a call that needs `scopes` the token lacks. */
  insufficientScope?(scopes: readonly string[]): string;
}
