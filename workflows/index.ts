// Every workflow type the worker registers; the bundler starts here.
export { leaveRequestWorkflow } from './leave/workflow.ts';
