ALTER TABLE "quarantine" ADD COLUMN "held_key" varchar(18);--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "held_source" varchar(128);--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "held_name" text;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "record" jsonb;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "released_to" bigint;--> statement-breakpoint
CREATE INDEX "quarantine_held_idx" ON "quarantine" USING btree ("held_key");