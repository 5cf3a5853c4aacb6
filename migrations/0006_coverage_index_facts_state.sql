CREATE TABLE "facts_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"as_of" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "organizations_ledger_idx";--> statement-breakpoint
DROP INDEX "organizations_scope_idx";--> statement-breakpoint
DROP INDEX "statements_entity_idx";--> statement-breakpoint
CREATE INDEX "organizations_coverage_idx" ON "organizations" USING btree ("division_code" varchar_pattern_ops,"scope_kind","in_ledger","covered_by_body","covered_by_work","supervising_department_code","industry_committee_id") WHERE "organizations"."in_scope" and "organizations"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "statements_entity_idx" ON "statements" USING btree ("entity_type","entity_id","property","period");--> statement-breakpoint
-- Half-empty pages let a re-derive update rows in place (HOT): fact columns change daily,
-- and a non-HOT update would touch every index of the table, the trigram index included.
ALTER TABLE "organizations" SET (fillfactor = 50);
