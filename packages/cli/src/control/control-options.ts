/** The options every control-plane command takes. */
export const controlOptions = {
  address: {
    type: 'string',
    short: 'a',
    valueName: 'host:port',
    description: 'Control plane address (default: $NAFTIKO_CONTROL_ADDRESS, else 127.0.0.1:9090)',
  },
  token: {
    type: 'string',
    valueName: 'token',
    description: 'Bearer token for a control plane with authentication (default: $NAFTIKO_CONTROL_TOKEN)',
  },
  header: {
    type: 'string',
    valueName: 'name: value',
    multiple: true,
    description: 'Extra request header, e.g. an API key',
  },
} as const;

export const controlExitCodes = {
  title: 'Exit codes',
  lines: [
    '0   the control plane answered (and, for health, every expose is ready)',
    '1   not ready, unreachable, refused the credentials, or answered an error',
    '2   usage error',
  ],
} as const;
