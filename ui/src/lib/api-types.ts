// The API's JSON as the API's own code types it: each name comes from the route that answers with
// it (api/contract.ts, and a process's own, api/<process>/contract.ts), so nothing here is copied
// by hand. Type-only exports: nothing of the API reaches the UI's bundles.
export type * from '../../../api/contract';
export type * from '../../../api/leave/contract';
export type * from '../../../api/engagement/contract';
export type * from '../../../api/attendance/contract';
export type * from '../../../api/payroll/contract';

// The task kit's form contract (the fields a form may have, the values they take): a field type the
// kit adds is one the UI's compiler then asks it to render.
export type {
  ChoiceOption as TaskFormOption,
  FieldValue as TaskFieldValue,
  FormField as TaskFormField,
  Money,
} from '../../../workflows/human-task/form';
