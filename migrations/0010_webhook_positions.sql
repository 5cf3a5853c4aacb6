DROP INDEX "webhook_deliveries_hook_idx";--> statement-breakpoint
CREATE INDEX "webhook_deliveries_hook_idx" ON "webhook_deliveries" USING btree ("webhook_id","id");--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "event_seq";--> statement-breakpoint
ALTER TABLE "webhooks" DROP COLUMN "last_delivered_seq";