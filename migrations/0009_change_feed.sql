ALTER TABLE "guidance_assignments" ADD COLUMN "id" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "change_events" ADD COLUMN "position" bigint;--> statement-breakpoint
ALTER TABLE "change_events" ADD COLUMN "organization_id" bigint;--> statement-breakpoint
-- Events written before the feed existed are all committed: they take their insertion order,
-- name their organization, and get the camelCase field names the feed uses.
UPDATE "change_events" SET "position" = "seq",
  "organization_id" = CASE WHEN "entity_type" = 'organization' THEN "entity_id" END,
  "changes" = coalesce((
    SELECT jsonb_object_agg((
      SELECT string_agg(CASE WHEN t.i = 1 THEN t.w ELSE upper(left(t.w, 1)) || substr(t.w, 2) END, '' ORDER BY t.i)
      FROM unnest(string_to_array(e.k, '_')) WITH ORDINALITY AS t(w, i)), e.v)
    FROM jsonb_each("changes") AS e(k, v)), '{}'::jsonb);--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "first_position" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "last_position" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "department_code" varchar(32);--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "batch_size" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "delivered_position" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "disabled_reason" text;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "guidance_assignments_id_uq" ON "guidance_assignments" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "change_events_position_uq" ON "change_events" USING btree ("position");--> statement-breakpoint
CREATE INDEX "change_events_unsequenced_idx" ON "change_events" USING btree ("seq") WHERE position is null;--> statement-breakpoint
CREATE INDEX "change_events_organization_idx" ON "change_events" USING btree ("organization_id","position");