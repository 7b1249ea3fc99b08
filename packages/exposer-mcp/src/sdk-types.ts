import type * as SdkTypes from '@modelcontextprotocol/sdk/types.js';

let loaded: typeof SdkTypes | undefined;

/**
 * Imports the SDK's types module, which builds every zod schema of the protocol (about 50 ms of a
 * cold start). Compiling an expose never needs it, so `naftiko validate`'s dry run skips it;
 * `doStart` awaits this before anything can serve a request.
 */
export async function loadSdkTypes(): Promise<typeof SdkTypes> {
  loaded ??= await import('@modelcontextprotocol/sdk/types.js');
  return loaded;
}

/** The module `loadSdkTypes` imported; only request handlers call this, after `doStart`. */
export function sdkTypes(): typeof SdkTypes {
  if (loaded === undefined) throw new Error('The MCP SDK types are used before doStart loaded them.');
  return loaded;
}
