import { type CapabilityIndex, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

const BINARY =
  'because naftiko does not serve binary content yet (its consumers and exposers carry text and JSON); remove it, or run this capability on the reference engine';

/**
 * Constructs the schema of some version accepts but naftiko cannot run: each is an error at its
 * place that says why, at load time, so `validate` and `run` refuse the same files.
 */
export function checkUnsupportedConstructs(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const refuse = (pointer: string, message: string) =>
    diagnostics.push(createDiagnostic('unsupported-construct', pointer, message));

  for (const { entry, pointer } of index.consumes) {
    if (entry.tunnel !== undefined) {
      refuse(
        joinPointer(pointer, 'tunnel'),
        '`tunnel` (an OpenZiti reverse tunnel) is not supported, because naftiko has no OpenZiti client; reach the private upstream through the network instead (a VPN, an SSH tunnel or a sidecar), point `baseUri` at it and remove `tunnel`',
      );
    }
  }
  for (const operations of index.operations.values()) {
    for (const declarations of operations.values()) {
      for (const { operation, pointer } of declarations) {
        if (operation.outputRawFormat === 'binary')
          refuse(
            joinPointer(pointer, 'outputRawFormat'),
            `\`outputRawFormat: binary\` is not supported, ${BINARY}`,
          );
        for (const key of ['outputMediaType', 'maxBinarySize'])
          if (operation[key] !== undefined)
            refuse(joinPointer(pointer, key), `\`${key}\` is not supported, ${BINARY}`);
      }
    }
  }
  for (const { entry, pointer } of index.exposes) {
    if (entry.maxBinarySize !== undefined)
      refuse(joinPointer(pointer, 'maxBinarySize'), `\`maxBinarySize\` is not supported, ${BINARY}`);
  }
  for (const unit of index.units) {
    for (const key of ['responses', 'responseBinary', 'outputMediaType'])
      if (unit.entry[key] !== undefined)
        refuse(joinPointer(unit.pointer, key), `\`${key}\` is not supported, ${BINARY}`);
    if (unit.entry.binary === true)
      refuse(joinPointer(unit.pointer, 'binary'), `\`binary: true\` is not supported, ${BINARY}`);
    for (const { item: step, pointer } of dictItems(unit.entry, 'steps', unit.pointer)) {
      if (step.type === 'script' && step.language === 'groovy') {
        refuse(
          joinPointer(pointer, 'language'),
          '`language: groovy` is not supported, because Groovy runs on a JVM and naftiko runs scripts in a JavaScript sandbox; port the script to JavaScript (`language: javascript`)',
        );
      }
    }
  }
  return diagnostics;
}
