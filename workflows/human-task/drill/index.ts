// The drill's own bundle: it is not part of the platform's workflows.
export { kitDrillWorkflow } from './workflow.ts';
