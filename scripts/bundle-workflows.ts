import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflows } from '../temporal/worker.ts';

// Build step of the image (Dockerfile): the workflow bundle that the worker otherwise makes at every
// start, written once. The SDK puts the source map inline, so stack traces of workflow code still
// name the TypeScript files. The worker reads it from WORKFLOW_BUNDLE_PATH.
const target = resolve(process.argv[2] ?? 'build/workflow-bundle.js');
const { code } = await bundleWorkflows();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, code);
console.log(`bundle-workflows: wrote ${target} (${Math.round(code.length / 1024)} KiB)`);
