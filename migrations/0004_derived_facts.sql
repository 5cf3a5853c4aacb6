DROP INDEX "organizations_ledger_idx";--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "headcount_source" varchar(16);--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "members_formal" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "members_total" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "members_pocket" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "scope_kind" varchar(24);--> statement-breakpoint
CREATE INDEX "organizations_scope_idx" ON "organizations" USING btree ("division_code" varchar_pattern_ops,"scope_kind","in_ledger") WHERE "organizations"."in_scope" and "organizations"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "organizations_ledger_idx" ON "organizations" USING btree ("division_code" varchar_pattern_ops,"scope_kind","covered_by_body","covered_by_work","supervising_department_code","industry_committee_id") WHERE "organizations"."in_ledger" and "organizations"."merged_into_id" is null;