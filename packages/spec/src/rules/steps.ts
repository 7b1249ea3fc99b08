import { asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import { didYouMean } from '../closest-matches.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { scriptingDefaults } from './ports.js';

/**
 * Orchestrations run steps in order and address results by step name: names must be unique, a
 * lookup searches an earlier call step, `$.step…` paths name a step, and script steps need a
 * language and a folder, from the step or from the control expose's scripting defaults.
 */
export function checkSteps(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const defaults = scriptingDefaults(index);
  for (const unit of index.units) {
    const steps = dictItems(unit.entry, 'steps', unit.pointer);
    if (steps.length === 0) continue;
    const allNames = steps.map(({ item }) => asString(item.name)).filter((name) => name !== undefined);
    const seen: Array<{ name: string; type?: string }> = [];
    for (const { item: step, pointer } of steps) {
      const name = asString(step.name);
      const type = asString(step.type);
      if (name !== undefined && seen.some((earlier) => earlier.name === name)) {
        diagnostics.push(
          createDiagnostic(
            'duplicate-step-name',
            joinPointer(pointer, 'name'),
            `step name \`${name}\` is already used by an earlier step; results are addressed by step name, so rename one`,
          ),
        );
      }
      if (type === 'lookup') {
        const lookupIndex = asString(step.index);
        if (
          lookupIndex !== undefined &&
          !seen.some((earlier) => earlier.name === lookupIndex && earlier.type === 'call')
        ) {
          const earlierCalls = seen
            .filter((earlier) => earlier.type === 'call')
            .map((earlier) => earlier.name);
          const later = allNames.includes(lookupIndex)
            ? ` (\`${lookupIndex}\` is not an earlier call step)`
            : '';
          diagnostics.push(
            createDiagnostic(
              'unknown-lookup-index',
              joinPointer(pointer, 'index'),
              `lookup \`index: ${lookupIndex}\` must name an earlier call step${later}${didYouMean(lookupIndex, earlierCalls) || (earlierCalls.length > 0 ? `; earlier call steps: ${earlierCalls.map((n) => `\`${n}\``).join(', ')}` : '; add a call step before this lookup')}`,
            ),
          );
        }
        const lookupValue = asString(step.lookupValue);
        const referenced = lookupValue === undefined ? undefined : jsonPathStep(lookupValue);
        if (referenced !== undefined && !seen.some((earlier) => earlier.name === referenced)) {
          diagnostics.push(
            stepReference(
              joinPointer(pointer, 'lookupValue'),
              lookupValue!,
              referenced,
              seen.map((s) => s.name),
            ),
          );
        }
      }
      if (type === 'script') {
        const missing: string[] = [];
        if (step.language === undefined && defaults.language === undefined) missing.push('language');
        if (step.location === undefined && defaults.location === undefined) missing.push('location');
        if (missing.length > 0) {
          diagnostics.push(
            createDiagnostic(
              'script-defaults-missing',
              pointer,
              `script step \`${name ?? ''}\` sets no ${missing.map((field) => `\`${field}\``).join(' or ')} and the control expose has no \`management.scripting.default${missing.length === 1 ? capitalize(missing[0]!) : 'Language`/`defaultLocation'}\`; set it on the step or as a scripting default`,
            ),
          );
        }
      }
      if (name !== undefined) seen.push({ name, type });
    }
    for (const { item: mapping, pointer } of dictItems(unit.entry, 'mappings', unit.pointer)) {
      const value = asString(mapping.value);
      const referenced = value === undefined ? undefined : jsonPathStep(value);
      if (referenced !== undefined && !allNames.includes(referenced)) {
        diagnostics.push(stepReference(joinPointer(pointer, 'value'), value!, referenced, allNames));
      }
    }
  }
  return diagnostics;
}

/** The step a `$.step-name.field` path starts from, if it is such a path. */
function jsonPathStep(value: string): string | undefined {
  const match = /^\$\.([A-Za-z0-9_-]+)/.exec(value);
  return match?.[1];
}

function stepReference(pointer: string, value: string, referenced: string, known: string[]): RuleDiagnostic {
  return createDiagnostic(
    'unknown-step-reference',
    pointer,
    `\`${value}\` reads step \`${referenced}\`, which is not a step before it in this orchestration${didYouMean(referenced, known) || (known.length > 0 ? `; steps: ${known.map((n) => `\`${n}\``).join(', ')}` : '')}`,
  );
}

function capitalize(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}\``;
}
