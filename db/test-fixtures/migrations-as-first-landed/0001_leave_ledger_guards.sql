-- Overlapping pending or approved leave of one employee is refused by the database itself, so two
-- submissions racing past the API's check cannot both land. A day is two slots (morning, afternoon).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_no_overlap" EXCLUDE USING gist (
  "employee_id" WITH =,
  int4range(
    ("start_date" - DATE '2000-01-01') * 2 + "start_half_day"::int,
    ("end_date" - DATE '2000-01-01') * 2 + 1 - "end_half_day"::int,
    '[]'
  ) WITH &&
) WHERE ("status" IN ('pending', 'approved'));
--> statement-breakpoint
-- Balances are a ledger: entries are appended, never changed or removed.
CREATE FUNCTION "refuse_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "leave_ledger_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "leave_ledger"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_ledger_change"();
