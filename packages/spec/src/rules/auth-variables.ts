import { toBaseUriTemplate } from '../base-uri-template.js';
import { asDict, asString, type CapabilityIndex, isDict } from '../capability-index.js';
import { didYouMean } from '../closest-matches.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { templateReferences, visitStrings } from '../template-references.js';

export interface CheckAuthVariablesOptions {
  index: CapabilityIndex;
  dialect: 'compatible' | 'official';
}

/**
 * Outbound credentials (consumes `authentication`) read bound variables only, never a caller's
 * arguments: otherwise an argument named like the variable would become the upstream credential.
 * A variable no `binds` entry declares is an error in the official dialect; the compatible
 * dialect reads it from the environment variable of its name (as if declared under `env`) and
 * warns to declare it. A `baseUri` built from variables reads bound variables too: in the
 * official dialect an undeclared one is an error as well (the compatible dialect already warns
 * that such a base URI needs its variables bound or `--base-uri`). Consumes-only files are
 * skipped: the binds live in the importing file.
 */
export function checkAuthVariables({ index, dialect }: CheckAuthVariablesOptions): RuleDiagnostic[] {
  if (!isDict(index.document.capability)) return [];
  const diagnostics: RuleDiagnostic[] = [];
  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport) continue;
    const check = (text: string, at: string, what: string) => {
      for (const reference of new Set(templateReferences(text))) {
        const undeclared = undeclaredVariable(index, reference);
        if (undeclared === undefined) continue;
        const declare = `\`binds: [{namespace: ${undeclared.namespace}, keys: {${undeclared.variable}: ${undeclared.variable}}}]\`${didYouMean(undeclared.variable, index.bindVariables)}`;
        diagnostics.push(
          dialect === 'compatible'
            ? createDiagnostic(
                'community-undeclared-variable',
                at,
                `\`{{${reference}}}\` is declared by no \`binds\` entry, a community construct: it is read from the environment variable \`${undeclared.variable}\`; declare it: ${declare}`,
              )
            : createDiagnostic(
                'undeclared-auth-variable',
                at,
                `\`{{${reference}}}\` is declared by no \`binds\` entry, and ${what} read bound variables only; declare it: ${declare}`,
              ),
        );
      }
    };
    visitStrings(
      asDict(consumes.entry.authentication),
      joinPointer(consumes.pointer, 'authentication'),
      (text, at) => check(text, at, 'credentials'),
    );
    const baseUri = asString(consumes.entry.baseUri);
    if (dialect === 'official' && baseUri?.includes('{'))
      check(toBaseUriTemplate(baseUri), joinPointer(consumes.pointer, 'baseUri'), 'base URIs');
  }
  return diagnostics;
}

/** The bind namespace and variable an undeclared reference implies (`X` -> env.X), else undefined. */
export function undeclaredVariable(
  index: CapabilityIndex,
  reference: string,
): { namespace: string; variable: string } | undefined {
  if (index.bindVariables.has(reference)) return undefined;
  const dot = reference.indexOf('.');
  if (dot < 0) return { namespace: 'env', variable: reference };
  const namespace = reference.slice(0, dot);
  const variable = reference.slice(dot + 1);
  return index.bindNamespaces.get(namespace)?.has(variable) ? undefined : { namespace, variable };
}
