ALTER TABLE "payroll_lines" ALTER COLUMN "payable_days" SET DATA TYPE numeric(4, 1);--> statement-breakpoint
ALTER TABLE "payslips" ALTER COLUMN "payable_days" SET DATA TYPE numeric(4, 1);