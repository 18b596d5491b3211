// Pure and deterministic: the workflow's update validator and the API both use it.

export interface ChoiceOption {
  value: string;
  label: string;
}

export interface FormField {
  name: string;
  label: string;
  type: 'choice' | 'text';
  required: boolean;
  options?: ChoiceOption[];
  maxLength?: number;
  /** Required only when another field has a given value (a comment when rejecting). */
  requiredWhen?: { field: string; equals: string };
}

export interface TaskForm {
  fields: FormField[];
}

export type FormValues = Record<string, unknown>;

export interface FieldProblem {
  path: string;
  message: string;
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function validateForm(form: TaskForm, values: FormValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(form.fields.map((f) => f.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems.push({ path: name, message: `Unknown field "${name}".` });
  }
  for (const field of form.fields) {
    const value = values[field.name];
    const required = field.required || (field.requiredWhen !== undefined && values[field.requiredWhen.field] === field.requiredWhen.equals);
    if (isBlank(value)) {
      if (required) problems.push({ path: field.name, message: `${field.label} is required.` });
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ path: field.name, message: `${field.label} must be text.` });
    } else if (field.type === 'choice' && !field.options?.some((o) => o.value === value)) {
      problems.push({ path: field.name, message: `${field.label} must be one of ${field.options?.map((o) => o.value).join(', ')}.` });
    } else if (field.maxLength !== undefined && value.length > field.maxLength) {
      problems.push({ path: field.name, message: `${field.label} is longer than ${field.maxLength} characters.` });
    }
  }
  return problems;
}
