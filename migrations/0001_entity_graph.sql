CREATE TABLE "departments" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" varchar(12),
	"prefix" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" varchar(24) NOT NULL,
	"name" text NOT NULL,
	"division_code" varchar(12),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" bigint NOT NULL,
	"kind" varchar(32) NOT NULL,
	"occurred_on" date,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" varchar(64) NOT NULL,
	"source_key" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connector" varchar(64) NOT NULL,
	"source_key" text NOT NULL,
	"candidate_id" bigint NOT NULL,
	"score" real NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decision" varchar(16) DEFAULT 'PENDING' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uscc" varchar(18),
	"uscc_check_failed" boolean DEFAULT false NOT NULL,
	"org_code" varchar(9),
	"reg_no" varchar(15),
	"name" text,
	"normalized_name" text,
	"kind" varchar(32),
	"social_org_type" varchar(24),
	"enterprise_type" text,
	"ownership" varchar(24),
	"registration_status" varchar(24),
	"division_code" varchar(12),
	"county_code" varchar(6),
	"registered_address" text,
	"business_address" text,
	"industry_code" varchar(8),
	"legal_representative" text,
	"registered_capital_10k" numeric,
	"established_on" date,
	"registrar" text,
	"supervising_department_name" text,
	"supervising_department_code" varchar(32),
	"is_trade_association" boolean,
	"industry_committee_id" bigint,
	"zone_id" bigint,
	"headcount" integer,
	"facts_as_of" date,
	"in_scope" boolean,
	"scope_reasons" text[],
	"has_10_employees" boolean,
	"has_premises" boolean,
	"has_business_activity" boolean,
	"three_haves" boolean,
	"operates_normally" boolean,
	"in_ledger" boolean,
	"covered_by_body" boolean,
	"covered_by_work" boolean,
	"advice" varchar(24),
	"facts" jsonb,
	"merged_into_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_links" (
	"connector" varchar(64) NOT NULL,
	"source_key" text NOT NULL,
	"entity_type" varchar(24) DEFAULT 'organization' NOT NULL,
	"entity_id" bigint NOT NULL,
	"method" varchar(16) NOT NULL,
	"score" real DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_links_connector_source_key_pk" PRIMARY KEY("connector","source_key")
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entity_type" varchar(24) DEFAULT 'organization' NOT NULL,
	"entity_id" bigint NOT NULL,
	"property" varchar(48) NOT NULL,
	"value" text NOT NULL,
	"source" varchar(64) NOT NULL,
	"source_key" text NOT NULL,
	"period" varchar(10) DEFAULT '' NOT NULL,
	"first_run_id" bigint,
	"last_run_id" bigint,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guidance_assignments" (
	"officer_id" bigint NOT NULL,
	"guided_key" varchar(64) NOT NULL,
	"organization_id" bigint,
	"assigned_on" date,
	"withdrawn_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guidance_assignments_officer_id_guided_key_pk" PRIMARY KEY("officer_id","guided_key")
);
--> statement-breakpoint
CREATE TABLE "guidance_officers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"officer_key" varchar(96) NOT NULL,
	"phone_hash" varchar(64),
	"phone_enc" text,
	"phone_masked" varchar(24),
	"sent_by" text,
	"sent_by_code" varchar(32),
	"source" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mass_organizations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" bigint NOT NULL,
	"kind" varchar(24) NOT NULL,
	"name" text,
	"founded_on" date,
	"source" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"id_number_hash" varchar(64) NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_masked" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"gender" varchar(8),
	"kind" varchar(16),
	"joined_on" date,
	"body_code" varchar(32),
	"body_id" bigint,
	"employer_key" varchar(64),
	"employer_name" text,
	"employer_id" bigint,
	"relation_held_at" text,
	"is_mobile" boolean,
	"source" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_bodies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"body_code" varchar(32) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(24) NOT NULL,
	"formation" varchar(16),
	"parent_code" varchar(32),
	"parent_id" bigint,
	"founded_on" date,
	"division_code" varchar(12),
	"is_industry_committee" boolean DEFAULT false NOT NULL,
	"department_code" varchar(32),
	"source" varchar(64) NOT NULL,
	"dissolved_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_body_coverage" (
	"body_id" bigint NOT NULL,
	"covered_key" varchar(64) NOT NULL,
	"organization_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_body_coverage_body_id_covered_key_pk" PRIMARY KEY("body_id","covered_key")
);
--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"department_code" varchar(32),
	"role" varchar(16) NOT NULL,
	"divisions" text[] DEFAULT '{}'::text[] NOT NULL,
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"key_prefix" varchar(16) NOT NULL,
	"key_hash" varchar(128) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" bigint,
	"actor" text NOT NULL,
	"action" varchar(48) NOT NULL,
	"entity_type" varchar(24),
	"entity_id" bigint,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"entity_type" varchar(24) NOT NULL,
	"entity_id" bigint NOT NULL,
	"kind" varchar(16) NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"division_code" varchar(12),
	"org_kind" varchar(32),
	"cause" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connector_state" (
	"connector" varchar(64) PRIMARY KEY NOT NULL,
	"cursor" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"schedule" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_files" (
	"connector" varchar(64) NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"file_name" text NOT NULL,
	"run_id" bigint,
	"rows" integer DEFAULT 0 NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_files_connector_content_hash_pk" PRIMARY KEY("connector","content_hash")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint,
	"connector" varchar(64) NOT NULL,
	"file" text NOT NULL,
	"file_hash" varchar(64) DEFAULT '' NOT NULL,
	"line" integer NOT NULL,
	"raw" text,
	"reasons" text[] NOT NULL,
	"held_key" varchar(18),
	"held_source" varchar(128),
	"held_name" text,
	"record" jsonb,
	"released_at" timestamp with time zone,
	"released_to" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connector" varchar(64) NOT NULL,
	"status" varchar(16) NOT NULL,
	"trigger" varchar(16) DEFAULT 'manual' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_quarantined" integer DEFAULT 0 NOT NULL,
	"files_processed" integer DEFAULT 0 NOT NULL,
	"files_skipped" integer DEFAULT 0 NOT NULL,
	"entities_created" integer DEFAULT 0 NOT NULL,
	"entities_updated" integer DEFAULT 0 NOT NULL,
	"error" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"webhook_id" bigint NOT NULL,
	"event_seq" bigint NOT NULL,
	"attempt" integer NOT NULL,
	"status" varchar(16) NOT NULL,
	"response_code" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" bigint,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"max_failures" integer DEFAULT 20 NOT NULL,
	"last_delivered_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lifecycle_events" ADD CONSTRAINT "lifecycle_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_supervising_department_code_departments_code_fk" FOREIGN KEY ("supervising_department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guidance_assignments" ADD CONSTRAINT "guidance_assignments_officer_id_guidance_officers_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."guidance_officers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guidance_assignments" ADD CONSTRAINT "guidance_assignments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guidance_officers" ADD CONSTRAINT "guidance_officers_sent_by_code_departments_code_fk" FOREIGN KEY ("sent_by_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mass_organizations" ADD CONSTRAINT "mass_organizations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_body_id_party_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."party_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_employer_id_organizations_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_bodies" ADD CONSTRAINT "party_bodies_department_code_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_body_coverage" ADD CONSTRAINT "party_body_coverage_body_id_party_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."party_bodies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_body_coverage" ADD CONSTRAINT "party_body_coverage_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_prefix_idx" ON "regions" USING btree ("prefix" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "regions_name_idx" ON "regions" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "zones_kind_name_uq" ON "zones" USING btree ("kind","name");--> statement-breakpoint
CREATE INDEX "zones_division_idx" ON "zones" USING btree ("division_code" varchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "lifecycle_events_uq" ON "lifecycle_events" USING btree ("organization_id","kind","occurred_on","source","source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "match_reviews_pair_uq" ON "match_reviews" USING btree ("connector","source_key","candidate_id");--> statement-breakpoint
CREATE INDEX "match_reviews_pending_idx" ON "match_reviews" USING btree ("decision");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_uscc_uq" ON "organizations" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "organizations_org_code_idx" ON "organizations" USING btree ("org_code");--> statement-breakpoint
CREATE INDEX "organizations_reg_no_idx" ON "organizations" USING btree ("reg_no");--> statement-breakpoint
CREATE INDEX "organizations_division_idx" ON "organizations" USING btree ("division_code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "organizations_county_name_idx" ON "organizations" USING btree ("county_code","normalized_name");--> statement-breakpoint
CREATE INDEX "organizations_name_trgm_idx" ON "organizations" USING gin ("normalized_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organizations_ledger_idx" ON "organizations" USING btree ("in_ledger","kind","division_code");--> statement-breakpoint
CREATE INDEX "organizations_supervisor_idx" ON "organizations" USING btree ("supervising_department_code");--> statement-breakpoint
CREATE INDEX "organizations_merged_idx" ON "organizations" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "source_links_entity_idx" ON "source_links" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "statements_entity_idx" ON "statements" USING btree ("entity_type","entity_id","property");--> statement-breakpoint
CREATE INDEX "guidance_assignments_org_idx" ON "guidance_assignments" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "guidance_officers_key_uq" ON "guidance_officers" USING btree ("officer_key");--> statement-breakpoint
CREATE UNIQUE INDEX "mass_organizations_uq" ON "mass_organizations" USING btree ("organization_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "members_id_hash_uq" ON "members" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "members_employer_idx" ON "members" USING btree ("employer_id");--> statement-breakpoint
CREATE INDEX "members_body_idx" ON "members" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_bodies_code_uq" ON "party_bodies" USING btree ("body_code");--> statement-breakpoint
CREATE INDEX "party_bodies_parent_idx" ON "party_bodies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "party_bodies_division_idx" ON "party_bodies" USING btree ("division_code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "party_body_coverage_org_idx" ON "party_body_coverage" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_clients_key_hash_uq" ON "api_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "change_events_entity_idx" ON "change_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "change_events_division_idx" ON "change_events" USING btree ("division_code" varchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_row_uq" ON "quarantine" USING btree ("connector","file_hash","line");--> statement-breakpoint
CREATE INDEX "quarantine_run_idx" ON "quarantine" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "quarantine_held_idx" ON "quarantine" USING btree ("held_key");--> statement-breakpoint
CREATE INDEX "sync_runs_connector_idx" ON "sync_runs" USING btree ("connector","started_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_hook_idx" ON "webhook_deliveries" USING btree ("webhook_id","event_seq");