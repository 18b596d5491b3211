import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { organizations, payrollRuns, payslips } from '../../db/schema/index.ts';
import { runKey } from '../../domain/payroll/period.ts';
import { renderPayslipPdf } from '../../domain/payroll/payslip-pdf.ts';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { validate } from '../validation.ts';
import { payslipsOf } from './read-model.ts';
import { payslipParam } from './schemas.ts';

/** Everyone's own payslips, and nobody else's: another's answers the same 404 as none. */
export const payslipRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ payslips: await payslipsOf(c.var.deps.db, c.var.user.orgId, c.var.user.id) }))
  .get('/:id/pdf', validate('param', payslipParam), async (c) => {
    const { id } = c.req.valid('param');
    const user = c.var.user;
    const [row] = await c.var.deps.db
      .select({ slip: payslips, sequence: payrollRuns.sequence, organizationName: organizations.name })
      .from(payslips)
      .innerJoin(organizations, eq(organizations.id, payslips.orgId))
      .innerJoin(payrollRuns, eq(payrollRuns.id, payslips.runId))
      .where(and(eq(payslips.id, id), eq(payslips.orgId, user.orgId), eq(payslips.employeeId, user.id)));
    if (!row) throw await deniedRecord(c, 'payslip', id);
    const { slip } = row;
    const bytes = await renderPayslipPdf({
      ...slip,
      sequence: row.sequence,
      organizationName: row.organizationName,
      employeeName: user.name,
      issuedAt: slip.createdAt,
    });
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="payslip-${runKey(slip.period, row.sequence)}.pdf"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
  });
