import { asDict, asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

interface Declaration {
  namespace: string;
  pointer: string;
  what: string;
}

/**
 * Namespaces route `call`, `ref` and template lookups, so one name must mean one thing across
 * consumes, exposes, aggregates and binds (Spectral `naftiko-namespaces-unique`).
 */
export function checkNamespaces(index: CapabilityIndex): RuleDiagnostic[] {
  const declarations: Declaration[] = [];
  for (const consumes of index.consumes) {
    if (!consumes.namespace) continue;
    const field = consumes.unresolvedImport ? importField(consumes.entry) : 'namespace';
    declarations.push({
      namespace: consumes.namespace,
      pointer: joinPointer(consumes.pointer, field),
      what: `consumes entry \`${consumes.pointer}\``,
    });
  }
  for (const expose of index.exposes) {
    if (expose.namespace) {
      declarations.push({
        namespace: expose.namespace,
        pointer: joinPointer(expose.pointer, 'namespace'),
        what: `${expose.type ?? 'an'} expose \`${expose.pointer}\``,
      });
    }
  }
  const capability = asDict(index.document.capability) ?? {};
  for (const { item, pointer } of dictItems(capability, 'aggregates', '/capability')) {
    const namespace = asString(item.namespace);
    if (namespace)
      declarations.push({
        namespace,
        pointer: joinPointer(pointer, 'namespace'),
        what: `aggregate \`${pointer}\``,
      });
  }
  for (const bind of index.binds) {
    if (bind.namespace) {
      declarations.push({
        namespace: bind.namespace,
        pointer: joinPointer(bind.pointer, 'namespace'),
        what: `bind \`${bind.pointer}\``,
      });
    }
  }

  const first = new Map<string, Declaration>();
  const diagnostics: RuleDiagnostic[] = [];
  for (const declaration of declarations) {
    const earlier = first.get(declaration.namespace);
    if (!earlier) {
      first.set(declaration.namespace, declaration);
      continue;
    }
    diagnostics.push(
      createDiagnostic(
        'duplicate-namespace',
        declaration.pointer,
        `namespace \`${declaration.namespace}\` is already used by the ${earlier.what}; namespaces must be unique across consumes, exposes, aggregates and binds, so rename one of them`,
      ),
    );
  }
  return diagnostics;
}

/** An import's local name comes from `as` when present, else from `import`. */
function importField(entry: Record<string, unknown>): string {
  return entry.as !== undefined ? 'as' : 'import';
}
