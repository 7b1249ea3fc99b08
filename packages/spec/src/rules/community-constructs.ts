import {
  asArray,
  asDict,
  asString,
  type CapabilityIndex,
  type Dict,
  dictItems,
  isDict,
} from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { templateReferences, visitStrings } from '../template-references.js';

const COMMUNITY_PARAMETER_FIELDS = ['type', 'required', 'description'] as const;
const SINGLE_BRACE = /(?<!\{)\{([A-Za-z0-9_.-]+)\}(?!\})/g;

export interface DetectCommunityConstructsOptions {
  index: CapabilityIndex;
  dialect: 'compatible' | 'official';
}

/**
 * Finds the community-dialect constructs (FEATURES.md §13) and names the official form of each.
 * In `compatible` every one is a warning. In `official` the constructs the official schema rejects
 * are already schema errors, so only the schema-valid ones (whose meaning differs between the
 * dialects) are reported here.
 */
export function detectCommunityConstructs({
  index,
  dialect,
}: DetectCommunityConstructsOptions): RuleDiagnostic[] {
  const all = dialect === 'compatible';
  const diagnostics: RuleDiagnostic[] = [];
  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport) continue;
    const adapter = consumes.entry;
    if (all && adapter.headers !== undefined) {
      const names = Object.keys(asDict(adapter.headers) ?? {});
      const example = names[0] ? ` (for example \`- {name: ${names[0]}, in: header, value: '…'}\`)` : '';
      diagnostics.push(
        createDiagnostic(
          'community-consumes-headers',
          joinPointer(consumes.pointer, 'headers'),
          `\`headers\` on a consumes entry is a community construct; the official form is adapter-level \`inputParameters\` with \`in: header\` and \`value\`${example}`,
        ),
      );
    }
    if (all) parameterFields(adapter, consumes.pointer, diagnostics);
    for (const { item: resource, pointer: resourcePointer } of dictItems(
      adapter,
      'resources',
      consumes.pointer,
    )) {
      if (all) parameterFields(resource, resourcePointer, diagnostics);
      const path = asString(resource.path);
      const single = path === undefined ? [] : [...path.matchAll(SINGLE_BRACE)].map((match) => match[1]!);
      if (single.length > 0) {
        diagnostics.push(
          createDiagnostic(
            'community-single-brace-path',
            joinPointer(resourcePointer, 'path'),
            `${single.map((name) => `\`{${name}}\``).join(', ')} in a consumed path is a community construct; the official form is ${single.map((name) => `\`{{${name}}}\``).join(', ')} (the official engine sends single braces literally)`,
          ),
        );
      }
      for (const { item: operation, pointer } of dictItems(resource, 'operations', resourcePointer)) {
        if (all) parameterFields(operation, pointer, diagnostics);
        if (all && operation.outputRawFormat === 'text') {
          diagnostics.push(
            createDiagnostic(
              'community-output-raw-format-text',
              joinPointer(pointer, 'outputRawFormat'),
              '`outputRawFormat: text` is a community construct; the official form omits `outputRawFormat` (json) or uses a listed format: json, xml, avro, protobuf, csv, tsv, psv, yaml, html, markdown',
            ),
          );
        }
        if (operation.body !== undefined) continue;
        for (const { item: parameter, pointer: parameterPointer } of dictItems(
          operation,
          'inputParameters',
          pointer,
        )) {
          if (parameter.in !== 'body') continue;
          const name = asString(parameter.name) ?? 'body';
          diagnostics.push(
            createDiagnostic(
              'community-body-parameter',
              parameterPointer,
              `an \`in: body\` parameter without a \`body:\` is a community construct (sent as the JSON body); the official form is a \`body:\` template on the operation, for example \`body: '{{${name}}}'\``,
            ),
          );
        }
      }
    }
  }

  for (const unit of index.units) {
    const namespace = unit.expose?.namespace;
    if (unit.expose) {
      const withs: Array<[unknown, string]> = [[unit.entry.with, joinPointer(unit.pointer, 'with')]];
      for (const { item: step, pointer } of dictItems(unit.entry, 'steps', unit.pointer)) {
        withs.push([step.with, joinPointer(pointer, 'with')]);
      }
      for (const [values, pointer] of withs) {
        for (const [key, value] of Object.entries(asDict(values) ?? {})) {
          const root =
            typeof value === 'string' ? /^(tools|rest)\.[A-Za-z0-9_-]+$/.exec(value)?.[1] : undefined;
          if (root === undefined || root === namespace) continue;
          diagnostics.push(
            createDiagnostic(
              'community-argument-reference',
              joinPointer(pointer, key),
              `\`${value as string}\` is a community argument reference; the official form is \`${namespace ?? '<expose-namespace>'}.${(value as string).slice(root.length + 1)}\` (the expose's own namespace; the official engine sends \`${value as string}\` literally)`,
            ),
          );
        }
      }
    }
    if (all && !Array.isArray(unit.entry.steps)) {
      asArray(unit.entry.outputParameters).forEach((parameter, position) => {
        objectMappings(parameter, joinPointer(unit.pointer, 'outputParameters', position), diagnostics);
      });
    }
  }

  for (const expose of index.exposes) {
    if (all && expose.type === 'rest' && expose.entry.description !== undefined) {
      diagnostics.push(
        createDiagnostic(
          'community-rest-description',
          joinPointer(expose.pointer, 'description'),
          '`description` on a rest expose is a community construct; the official form has none: describe each resource (`resources[].description`) instead',
        ),
      );
    }
  }

  if (index.bindNamespaces.size > 0) {
    visitStrings(index.document, '', (text, pointer) => {
      for (const reference of templateReferences(text)) {
        const dot = reference.indexOf('.');
        if (dot <= 0 || !index.bindNamespaces.has(reference.slice(0, dot))) continue;
        const variable = reference.slice(dot + 1);
        diagnostics.push(
          createDiagnostic(
            'community-namespaced-template',
            pointer,
            `\`{{${reference}}}\` qualifies a bind variable with its namespace, a community construct; the official form is \`{{${variable}}}\` (the official engine renders \`{{${reference}}}\` empty)`,
          ),
        );
      }
    });
  }
  return diagnostics;
}

function parameterFields(owner: Dict, pointer: string, diagnostics: RuleDiagnostic[]): void {
  for (const { item, pointer: parameterPointer } of dictItems(owner, 'inputParameters', pointer)) {
    const present = COMMUNITY_PARAMETER_FIELDS.filter((field) => item[field] !== undefined);
    if (present.length === 0) continue;
    diagnostics.push(
      createDiagnostic(
        'community-consumed-parameter-fields',
        joinPointer(parameterPointer, present[0]!),
        `${present.map((field) => `\`${field}\``).join(', ')} on a consumed parameter ${present.length === 1 ? 'is a community construct' : 'are community constructs'}; the official form allows only \`name\`, \`in\` and \`value\` here: remove ${present.length === 1 ? 'it' : 'them'} and describe the argument on the exposed side (tool or operation \`inputParameters\`)`,
      ),
    );
  }
}

/** `{type: object, mapping}` without `properties`, at any depth of a mapped output parameter. */
function objectMappings(parameter: unknown, pointer: string, diagnostics: RuleDiagnostic[]): void {
  if (!isDict(parameter)) return;
  if (parameter.type === 'object' && parameter.mapping !== undefined && parameter.properties === undefined) {
    diagnostics.push(
      createDiagnostic(
        'community-object-mapping',
        pointer,
        '`{type: object, mapping}` without `properties` is a community construct (passes the mapped value through); the official form lists the fields under `properties`, each with its own `mapping`',
      ),
    );
  }
  for (const [key, child] of Object.entries(asDict(parameter.properties) ?? {})) {
    objectMappings(child, joinPointer(pointer, 'properties', key), diagnostics);
  }
  if (parameter.items !== undefined)
    objectMappings(parameter.items, joinPointer(pointer, 'items'), diagnostics);
}
