ALTER TABLE "organizations" ADD COLUMN "core_name" text;--> statement-breakpoint
CREATE INDEX "organizations_county_core_idx" ON "organizations" USING btree ("county_code","core_name");