import { asDict, asString, type CapabilityIndex, type ExposeEntry } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

const WILDCARDS = new Set(['0.0.0.0', '::', '*']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Each expose runs its own listener, so two on one address and port cannot both start; the
 * control plane must be unique and apart from business ports (Spectral
 * `naftiko-control-port-singleton-and-unique`), and should stay on loopback.
 */
export function checkPorts(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const business: Array<{ expose: ExposeEntry; port: number; address: string }> = [];
  const controls: Array<{ expose: ExposeEntry; port?: number }> = [];
  let stdio: ExposeEntry | undefined;

  for (const expose of index.exposes) {
    const port = typeof expose.entry.port === 'number' ? expose.entry.port : undefined;
    const address = asString(expose.entry.address);
    if (address !== undefined && /example\.com$/i.test(address) && expose.type !== 'control') {
      diagnostics.push(
        createDiagnostic(
          'address-example',
          joinPointer(expose.pointer, 'address'),
          `address \`${address}\` is a placeholder; bind to a real interface such as \`localhost\` or \`0.0.0.0\``,
        ),
      );
    }
    if (expose.type === 'control') {
      controls.push({ expose, port });
      if (address !== undefined && !/^(localhost|127\.0\.0\.1)$/.test(address)) {
        diagnostics.push(
          createDiagnostic(
            'control-address-not-loopback',
            joinPointer(expose.pointer, 'address'),
            `the control expose binds to \`${address}\`, which exposes management endpoints to the network; use \`localhost\` or \`127.0.0.1\` and reach it through a tunnel or a network policy`,
          ),
        );
      }
      continue;
    }
    if (expose.type === 'mcp' && expose.entry.transport === 'stdio') {
      // stdin/stdout carry one MCP server: a second one cannot start.
      if (stdio !== undefined) {
        diagnostics.push(
          createDiagnostic(
            'stdio-collision',
            joinPointer(expose.pointer, 'transport'),
            `stdin/stdout already carry the MCP expose \`${stdio.namespace ?? stdio.pointer}\`, and they carry one server; serve this one over HTTP (\`transport: http\` with a \`port\`)`,
          ),
        );
      }
      stdio ??= expose;
      continue;
    }
    if (port === undefined) continue;
    const normalized = (address ?? 'localhost').toLowerCase();
    const clash = business.find((other) => other.port === port && overlaps(other.address, normalized));
    if (clash) {
      diagnostics.push(
        createDiagnostic(
          'port-collision',
          joinPointer(expose.pointer, 'port'),
          `port ${port} on \`${address ?? 'localhost'}\` is already used by the ${clash.expose.type ?? ''} expose \`${clash.expose.namespace ?? clash.expose.pointer}\`; give each expose its own port`,
        ),
      );
    }
    business.push({ expose, port, address: normalized });
  }

  controls.forEach((control, position) => {
    if (position > 0) {
      diagnostics.push(
        createDiagnostic(
          'control-not-singleton',
          joinPointer(control.expose.pointer, 'type'),
          `only one \`type: control\` expose is allowed, and \`${controls[0]!.expose.pointer}\` is already one; merge their \`management\` and \`observability\` settings`,
        ),
      );
    }
    const clash = business.find((other) => other.port === control.port);
    if (control.port !== undefined && clash) {
      diagnostics.push(
        createDiagnostic(
          'control-port-collision',
          joinPointer(control.expose.pointer, 'port'),
          `the control port ${control.port} is also the port of the ${clash.expose.type ?? ''} expose \`${clash.expose.namespace ?? clash.expose.pointer}\`; choose a separate port for the control plane`,
        ),
      );
    }
  });
  return diagnostics;
}

function overlaps(a: string, b: string): boolean {
  if (a === b || WILDCARDS.has(a) || WILDCARDS.has(b)) return true;
  return LOOPBACK.has(a) && LOOPBACK.has(b);
}

/** Scripting defaults on the control expose, used by the script step rule. */
export function scriptingDefaults(index: CapabilityIndex): { language?: string; location?: string } {
  for (const expose of index.exposes) {
    if (expose.type !== 'control') continue;
    const scripting = asDict(asDict(expose.entry.management)?.scripting);
    if (scripting) {
      return { language: asString(scripting.defaultLanguage), location: asString(scripting.defaultLocation) };
    }
  }
  return {};
}
