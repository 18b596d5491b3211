// The processes the platform runs. Adding one adds its module and one line here (docs/processes.md).
import type { CaseType } from './cases/case-type.ts';
import { attendanceCaseType } from './attendance/case-type.ts';
import { engagementCaseType } from './engagement/case-type.ts';
import { leaveCaseType } from './leave/case-type.ts';
import { payrollCaseType } from './payroll/case-type.ts';

export const registeredCaseTypes = (): CaseType[] => [leaveCaseType, engagementCaseType, attendanceCaseType, payrollCaseType];
