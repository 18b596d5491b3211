import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from './worker.ts';

// The workflow bundle's modules are evaluated once per worker and shared by every workflow it runs
// (bundleWorkflows, preloadModules). The SDK deep-freezes what they export, so an exported object
// cannot be changed; what freezing does not reach is a module's own variable, collection or
// unexported object, which one workflow would then see another's changes to. An unexported
// object or array is let through when it is `as const` (the compiler refuses writes to it).

/** The project's own source files in a workflow bundle (the SDK and packages left out). */
const ownModules = (code: string): string[] => [...code.matchAll(/^\/\*{3}\/ "\.\/((?!node_modules\/)[^"]+\.ts)"/gm)].map((m) => m[1]!);

const collections = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** An initializer without its `as …` and `satisfies …`, and whether one of them was `as const`. */
function unwrapped(init: ts.Expression | undefined): { value: ts.Expression | undefined; asConst: boolean } {
  let value = init;
  let asConst = false;
  while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value))) {
    if (ts.isAsExpression(value) && value.type.getText() === 'const') asConst = true;
    value = value.expression;
  }
  return { value, asConst };
}

/** Module-level state in one source file: `let`/`var`, collections, unexported literals, static fields. */
function moduleStateIn(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      const { flags } = statement.declarationList;
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText();
        if (!(flags & ts.NodeFlags.Const)) found.push(`${at(declaration)} ${name} is a module-level variable`);
        const { value, asConst } = unwrapped(declaration.initializer);
        if (value && ts.isNewExpression(value) && collections.has(value.expression.getText())) {
          found.push(`${at(declaration)} ${name} is a module-level ${value.expression.getText()}`);
        }
        const literal = value && (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value));
        if (literal && !exported && !asConst) found.push(`${at(declaration)} ${name} is an unexported object neither frozen nor as const`);
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const isStatic = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic && ts.isPropertyDeclaration(member)) found.push(`${at(member)} ${member.name.getText()} is a static field`);
      }
    }
  }
  return found;
}

describe('workflow modules shared by every workflow of a worker', () => {
  it('finds a module-level variable, collection, unexported object or static field (so the check below can fail)', () => {
    const text = [
      'let count = 0;',
      'const seen = new Map();',
      'const limit = 3;',
      'class Kit { static made = 0; }',
      'const asked = { total: 0 } satisfies object;',
      'const sizes = [1, 2] as const;',
      'export const form = { fields: [] };',
    ].join('\n');
    expect(moduleStateIn('sample.ts', text)).toEqual([
      'sample.ts:1 count is a module-level variable',
      'sample.ts:2 seen is a module-level Map',
      'sample.ts:4 made is a static field',
      'sample.ts:5 asked is an unexported object neither frozen nor as const',
    ]);
  });

  it('keep no state of their own at module level', async () => {
    const { code } = await bundleWorkflows();
    const modules = ownModules(code);
    // The bundle holds the processes' workflows and the kit they stand on.
    expect(modules).toEqual(expect.arrayContaining(['workflows/index.ts', 'workflows/human-task/kit.ts', 'workflows/leave/workflow.ts']));
    const found = (await Promise.all(modules.map(async (m) => moduleStateIn(m, await readFile(m, 'utf8'))))).flat();
    expect(found).toEqual([]);
  }, 120_000);
});
