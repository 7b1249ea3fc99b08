/** The response header carrying the request id (the client's own if plain, else a new UUID). */
export const REQUEST_ID_HEADER = 'x-request-id';
// The same id under the name Anthropic-style SDKs read into `error.requestID`, so a client's
// error report can be matched with the gateway log.
export const SDK_REQUEST_ID_HEADER = 'request-id';
