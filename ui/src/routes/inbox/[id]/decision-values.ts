import type { TaskFieldValue, TaskFormField } from '$lib/api-types';
import type { FieldErrors } from '$lib/field-errors';
import { minorDigits, parseMajorUnits } from '$lib/money';

/** What was typed, by input name, to put back in the form after a refusal. */
export type EnteredValues = Record<string, string | string[]>;

export type Decision = { values: Record<string, TaskFieldValue>; entered: EnteredValues; problems: FieldErrors };

/** The inputs of a money field: its amount in major units, and its currency when there is a choice. */
export const moneyInputs = (name: string) => ({ amount: `${name}.amount`, currency: `${name}.currency` });

/**
 * The task form's values from the posted inputs, typed as the API takes them. A field left empty is
 * not sent (the API treats it as absent); what cannot be read as its type (an amount such as "12,3.4")
 * is a problem here, everything else is the API's to judge.
 */
export function decisionFrom(fields: TaskFormField[], formData: FormData): Decision {
  const decision: Decision = { values: {}, entered: {}, problems: {} };
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  for (const field of fields) {
    if (field.type === 'multiChoice') {
      const chosen = formData.getAll(field.name).filter((value): value is string => typeof value === 'string');
      decision.entered[field.name] = chosen;
      if (chosen.length > 0) decision.values[field.name] = chosen;
    } else if (field.type === 'money') {
      readMoney(field.name, field.label, field.currencies, text, decision);
    } else {
      const entered = text(field.name);
      decision.entered[field.name] = entered;
      if (entered === '') continue;
      if (field.type !== 'number') decision.values[field.name] = entered;
      else if (/^-?\d+(\.\d+)?$/.test(entered)) decision.values[field.name] = Number(entered);
      else decision.problems[field.name] = `${field.label} must be a number.`;
    }
  }
  return decision;
}

function readMoney(name: string, label: string, currencies: string[], text: (name: string) => string, decision: Decision) {
  const inputs = moneyInputs(name);
  const amount = text(inputs.amount);
  const currency = currencies.length === 1 ? currencies[0]! : text(inputs.currency);
  decision.entered[inputs.amount] = amount;
  decision.entered[inputs.currency] = currency;
  if (amount === '') return;
  if (!currencies.includes(currency)) {
    decision.problems[name] = `Choose the currency of ${label}.`;
    return;
  }
  const amountMinor = parseMajorUnits(amount, currency);
  const digits = minorDigits(currency);
  if (amountMinor === null) {
    decision.problems[name] =
      `${label} must be an amount in ${currency}` +
      (digits > 0 ? `, with at most ${digits} decimals after a point.` : ', without decimals.');
  } else {
    decision.values[name] = { amountMinor, currency };
  }
}
