/**
 * jose (JWT and JWKS) is loaded on the first OAuth check, not at start: capabilities without
 * oauth2 never pay for it, and the CLI bundle keeps it in its own chunk.
 */
type Jose = typeof import('jose');

let jose: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  jose ??= import('jose');
  return jose;
}
