import { registeredCaseTypes } from '../case-types.ts';
import type { CaseType } from './case-type.ts';

const byKey = new Map<string, CaseType>(registeredCaseTypes.map((t) => [t.key, t]));

export const caseTypes = (): CaseType[] => [...byKey.values()];

export function caseTypeOf(key: string): CaseType | undefined {
  return byKey.get(key);
}

/** Every audit kind a case type declares: the audit page's filter offers them. */
export const caseAuditKinds = (): string[] => caseTypes().flatMap((t) => t.auditKinds);
