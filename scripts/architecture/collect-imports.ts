import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Expression, type Node, type SourceFile, SyntaxKind } from 'typescript/unstable/ast';
import {
  isCallExpression,
  isExportDeclaration,
  isExternalModuleReference,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isImportTypeNode,
  isLiteralTypeNode,
  isStringLiteral,
} from 'typescript/unstable/ast/is';
import { skipTrivia } from 'typescript/unstable/ast/scanner';
import { API } from 'typescript/unstable/sync';

export interface ImportReference {
  specifier: string;
  line: number;
  /** `import type`, `export type`, an `import('x')` type: erased at runtime, still a dependency. */
  typeOnly: boolean;
}

// The real TypeScript parser (TS 7's API, which runs the native compiler), so comments, strings,
// template literals and regular expressions cannot fool it the way a regex over the text can.
// The program lists exactly `files`, without resolving imports or loading lib files: parsing is
// all this needs, and it keeps the check fast. The API is TypeScript's `unstable/` one, held still
// by the exact `typescript` version in the root package.json; the parser's own tests in
// architecture.test.ts fail loudly if an upgrade changes it.
/** Absolute file name -> its import references, for each of `files` (absolute `.ts` names). */
export function collectImports(files: readonly string[]): Map<string, ImportReference[]> {
  const folder = mkdtempSync(join(tmpdir(), 'naftiko-imports-'));
  const config = join(folder, 'tsconfig.json');
  const compilerOptions = { noResolve: true, noLib: true, types: [], noEmit: true };
  writeFileSync(config, JSON.stringify({ compilerOptions, files }));
  const api = new API({ cwd: folder });
  try {
    const program = api.updateSnapshot({ openProjects: [config] }).getProject(config)?.program;
    if (!program) throw new Error(`collectImports: TypeScript did not open ${config}`);
    const found = new Map<string, ImportReference[]>();
    for (const file of files) {
      const sourceFile = program.getSourceFile(file);
      if (!sourceFile) throw new Error(`collectImports: TypeScript did not parse ${file}`);
      found.set(file, importsOf(sourceFile));
    }
    return found;
  } finally {
    api.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export function importsOf(sourceFile: SourceFile): ImportReference[] {
  const found: ImportReference[] = [];
  const add = (literal: Node | undefined, typeOnly: boolean) => {
    if (!literal || !isStringLiteral(literal)) return;
    const start = skipTrivia(sourceFile.text, literal.pos);
    const line = sourceFile.getLineAndCharacterOfPosition(start).line + 1;
    found.push({ specifier: literal.text, line, typeOnly });
  };
  const visit = (node: Node): void => {
    if (isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        !clause?.name && named?.kind === SyntaxKind.NamedImports && named.elements.length > 0
          ? named.elements.every((element) => element.isTypeOnly)
          : false;
      add(node.moduleSpecifier, clause?.phaseModifier === SyntaxKind.TypeKeyword || allTypes);
      return;
    }
    if (isExportDeclaration(node)) {
      const clause = node.exportClause;
      const allTypes =
        clause?.kind === SyntaxKind.NamedExports && clause.elements.length > 0
          ? clause.elements.every((element) => element.isTypeOnly)
          : false;
      add(node.moduleSpecifier, node.isTypeOnly || allTypes);
      return;
    }
    if (isImportEqualsDeclaration(node)) {
      if (isExternalModuleReference(node.moduleReference))
        add(node.moduleReference.expression, node.isTypeOnly);
      return;
    }
    if (isImportTypeNode(node) && isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    if (isCallExpression(node) && isModuleCall(node.expression)) add(node.arguments[0], false);
    node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  return found;
}

// `import('x')` and `require('x')` (createRequire): both load a module at runtime.
function isModuleCall(callee: Expression): boolean {
  return callee.kind === SyntaxKind.ImportKeyword || (isIdentifier(callee) && callee.text === 'require');
}
