import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import { payrollRunInput } from '../../activities/payroll/start.ts';
import { runKey, runLabel } from '../../domain/payroll/period.ts';
import {
  correctPayrollLineUpdate,
  excludePayrollLineUpdate,
  PayrollFailure,
  payrollRunSearchAttributes,
  payrollRunWorkflowId,
  recomputePayrollLinesUpdate,
  startPayrollRunUpdate,
} from '../../workflows/payroll/messages.ts';
import { payrollRunWorkflow } from '../../workflows/payroll/workflow.ts';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { engagementActor } from '../engagement/commands.ts';
import { HttpError } from '../errors.ts';
import { commandProcess, type FailureAnswers } from '../temporal-errors.ts';
import { validate } from '../validation.ts';
import { nextOffCycle } from './adjustments.ts';
import { bankFile, findRun, listLines, listRuns, presentRun } from './read-model.ts';
import { correctionSchema, exclusionSchema, lineParam, linesQuery, recomputeSchema, runParam, startRunSchema } from './schemas.ts';

const payrollFailureAnswers: FailureAnswers = {
  [PayrollFailure.notAllowed]: { status: 403, code: 'not_allowed' },
  [PayrollFailure.wrongStage]: { status: 409, code: 'wrong_stage' },
};

const startDeadlineMs = 30_000;

async function runOf(c: Context<AppEnv>, key: string) {
  const run = await findRun(c.var.deps.db, c.var.user.orgId, key);
  if (!run) throw await deniedRecord(c, 'payroll_run', key);
  return run;
}

/** Sends a line's correction, exclusion or recompute to the run, which accepts it only while in review. */
async function commandLine<T>(
  c: Context<AppEnv>,
  key: string,
  send: (handle: ReturnType<AppEnv['Variables']['deps']['temporal']['workflow']['getHandle']>) => Promise<T>,
) {
  await runOf(c, key);
  const { temporal } = c.var.deps;
  return commandProcess(temporal, payrollFailureAnswers, () =>
    send(temporal.workflow.getHandle(payrollRunWorkflowId(c.var.user.orgId, key))),
  );
}

export const payrollRunRoutes = new Hono<AppEnv>()
  // By hand: the same month's run whoever starts it, and however often (the schedule's too). An
  // off-cycle run joins the month's open one, else starts the next when adjustments wait for one.
  .post('/', validate('json', startRunSchema), async (c) => {
    const { db, temporal, config } = c.var.deps;
    const user = c.var.user;
    const { period, offCycle } = c.req.valid('json');
    const sequence = offCycle ? await nextOffCycle(db, user.orgId, period) : 0;
    const key = runKey(period, sequence);
    const before = await findRun(db, user.orgId, key);
    if (!before) {
      const input = await payrollRunInput(db, user.orgId, period, user.id, sequence);
      const start = new WithStartWorkflowOperation(payrollRunWorkflow, {
        workflowId: payrollRunWorkflowId(user.orgId, key),
        taskQueue: config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A finished month is never run again: corrections go into the next run.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `Payroll ${runLabel(period, sequence)}`,
        typedSearchAttributes: payrollRunSearchAttributes(user.orgId),
      });
      try {
        await commandProcess(temporal, payrollFailureAnswers, () =>
          temporal.connection.withDeadline(Date.now() + startDeadlineMs, () =>
            temporal.workflow.executeUpdateWithStart(startPayrollRunUpdate, { startWorkflowOperation: start, updateId: 'start' }),
          ),
        );
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    const run = await findRun(db, user.orgId, key);
    if (!run) throw new HttpError(503, 'process_busy', 'The run was started but is not recorded yet.');
    return c.json({ run: await presentRun(db, run) }, before ? 200 : 201);
  })
  .get('/', async (c) => c.json({ runs: await listRuns(c.var.deps.db, c.var.user.orgId) }))
  .get('/:run', validate('param', runParam), async (c) =>
    c.json({ run: await presentRun(c.var.deps.db, await runOf(c, c.req.valid('param').run)) }),
  )
  .get('/:run/lines', validate('param', runParam), validate('query', linesQuery), async (c) => {
    const run = await runOf(c, c.req.valid('param').run);
    const { filter, ...page } = c.req.valid('query');
    return c.json(await listLines(c.var.deps.db, run, filter, page));
  })
  .post('/:run/lines/:employeeId/correction', validate('param', lineParam), validate('json', correctionSchema), async (c) => {
    const { run, employeeId } = c.req.valid('param');
    const result = await commandLine(c, run, (handle) =>
      handle.executeUpdate(correctPayrollLineUpdate, {
        args: [{ actor: engagementActor(c.var.user, c.var.clientAddress), employeeId, ...c.req.valid('json') }],
      }),
    );
    if (result.status === 'not_found') throw await deniedRecord(c, 'payroll_line', `${run}/${employeeId}`);
    return c.json(result);
  })
  .post('/:run/lines/:employeeId/exclusion', validate('param', lineParam), validate('json', exclusionSchema), async (c) => {
    const { run, employeeId } = c.req.valid('param');
    const result = await commandLine(c, run, (handle) =>
      handle.executeUpdate(excludePayrollLineUpdate, {
        args: [{ actor: engagementActor(c.var.user, c.var.clientAddress), employeeId, reason: c.req.valid('json').reason }],
      }),
    );
    if (result.status === 'not_found') throw await deniedRecord(c, 'payroll_line', `${run}/${employeeId}`);
    return c.json(result);
  })
  // After HR fixed an employee's set-up: their line (or, with no employee, every line in error) again.
  .post('/:run/recompute', validate('param', runParam), validate('json', recomputeSchema), async (c) => {
    const { run } = c.req.valid('param');
    const { employeeId } = c.req.valid('json');
    return c.json(
      await commandLine(c, run, (handle) =>
        handle.executeUpdate(recomputePayrollLinesUpdate, {
          args: [{ actor: engagementActor(c.var.user, c.var.clientAddress), employeeId }],
        }),
      ),
    );
  })
  // Finance's: only once approved, from the payslips themselves.
  .get('/:run/bank-file', validate('param', runParam), async (c) => {
    const run = await runOf(c, c.req.valid('param').run);
    if (run.status !== 'approved' && run.status !== 'paid') throw new HttpError(409, 'wrong_stage', 'The run is not approved yet.');
    const { csv } = await bankFile(c.var.deps.db, run);
    await c.var.audit({ kind: 'payroll.bank_file_downloaded', targetType: 'payroll_run', targetId: run.id });
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="payroll-${runKey(run.period, run.sequence)}.csv"`,
      'cache-control': 'private, no-store',
    });
  });
