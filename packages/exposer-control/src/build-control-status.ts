import type { Capability, EngineStatus } from '@naftiko/core';

/** One expose as the control plane reports it. */
export interface ControlExposeStatus {
  type: string;
  /** Absent for the control expose itself. */
  namespace?: string;
  /** Where it listens; [] until the engine has started. */
  urls: string[];
}

/** The body of `GET /health/ready`. */
export interface ControlReadiness {
  /** `UP` once every expose listens (the engine is started), `DOWN` otherwise. */
  status: 'UP' | 'DOWN';
  state: EngineStatus['state'];
  exposes: ControlExposeStatus[];
}

/** The body of `GET /status`. */
export interface ControlStatus extends ControlReadiness {
  capability: { label?: string; description?: string; naftiko: string };
  engine: { name: 'naftiko'; version: string; node: string };
  /** ISO time the engine finished starting. */
  startedAt?: string;
  uptimeSeconds: number | null;
}

export interface BuildControlStatusOptions {
  capability: Capability;
  engine: EngineStatus;
  version: string;
  /** Injected for tests; default `Date.now()`. */
  now?: number;
}

export function buildReadiness({ capability, engine }: BuildControlStatusOptions): ControlReadiness {
  const exposes = capability.exposes.map((expose): ControlExposeStatus => {
    const namespace = 'namespace' in expose ? expose.namespace : undefined;
    const urls = engine.addresses
      .filter((address) => address.type === expose.type && address.namespace === namespace)
      .map((address) => address.url);
    return { type: expose.type, ...(namespace === undefined ? {} : { namespace }), urls };
  });
  return { status: engine.state === 'started' ? 'UP' : 'DOWN', state: engine.state, exposes };
}

export function buildControlStatus(options: BuildControlStatusOptions): ControlStatus {
  const { capability, engine, version, now = Date.now() } = options;
  const { info, naftiko } = capability.document;
  const readiness = buildReadiness(options);
  return {
    status: readiness.status,
    state: readiness.state,
    capability: {
      ...(info?.label === undefined ? {} : { label: info.label }),
      ...(info?.description === undefined ? {} : { description: info.description }),
      naftiko,
    },
    engine: { name: 'naftiko', version, node: process.version },
    ...(engine.startedAt === undefined ? {} : { startedAt: new Date(engine.startedAt).toISOString() }),
    uptimeSeconds:
      engine.startedAt === undefined ? null : Math.max(0, Math.round((now - engine.startedAt) / 1000)),
    exposes: readiness.exposes,
  };
}
