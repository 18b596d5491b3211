import { registeredCaseTypes } from '../case-types.ts';
import type { CaseType } from './case-type.ts';

// Built on first use: case-type modules import generic code that imports this registry.
let byKey: Map<string, CaseType> | undefined;
const registry = () => (byKey ??= new Map(registeredCaseTypes().map((t) => [t.key, t])));

export const caseTypes = (): CaseType[] => [...registry().values()];

export function caseTypeOf(key: string): CaseType | undefined {
  return registry().get(key);
}

/** Every audit kind a case type declares: the audit page's filter offers them. */
export const caseAuditKinds = (): string[] => caseTypes().flatMap((t) => t.auditKinds);
