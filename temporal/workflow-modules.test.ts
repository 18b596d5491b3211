import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from './worker.ts';

// The workflow bundle's modules are evaluated once per worker and shared by every workflow it runs
// (bundleWorkflows, preloadModules). The SDK freezes what they export, so a shared object cannot
// be changed; what freezing does not stop is a module's own variable or collection, which one
// workflow would then see another's values in.

/** The project's own source files in a workflow bundle (the SDK and packages left out). */
const ownModules = (code: string): string[] => [...code.matchAll(/^\/\*{3}\/ "\.\/((?!node_modules\/)[^"]+\.ts)"/gm)].map((m) => m[1]!);

const collections = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Module-level state in one source file: `let`/`var`, collections, static class fields. */
export function moduleStateIn(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      const { flags } = statement.declarationList;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText();
        if (!(flags & ts.NodeFlags.Const)) found.push(`${at(declaration)} ${name} is a module-level variable`);
        const init = declaration.initializer;
        if (init && ts.isNewExpression(init) && collections.has(init.expression.getText())) {
          found.push(`${at(declaration)} ${name} is a module-level ${init.expression.getText()}`);
        }
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
  it('finds a module-level variable, collection or static field (so the check below can fail)', () => {
    const text = 'let count = 0;\nconst seen = new Map();\nconst limit = 3;\nclass Kit { static made = 0; }\n';
    expect(moduleStateIn('sample.ts', text)).toEqual([
      'sample.ts:1 count is a module-level variable',
      'sample.ts:2 seen is a module-level Map',
      'sample.ts:4 made is a static field',
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
