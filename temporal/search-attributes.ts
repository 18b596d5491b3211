import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Operators filter running processes in the Temporal Web UI by these; the dev server and the
// production namespace must both register them (see `searchAttributeFlags`).
export const CaseType = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const OrgId = defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD);
export const DepartmentId = defineSearchAttributeKey('DepartmentId', SearchAttributeType.KEYWORD);

export const caseSearchAttributes = [CaseType, CaseStage, CaseStatus, OrgId, DepartmentId];

/** `--search-attribute Name=Keyword` flags for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  return caseSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]);
}
