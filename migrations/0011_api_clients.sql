ALTER TABLE "api_clients" ADD COLUMN "rate_limit_per_minute" integer;--> statement-breakpoint
CREATE INDEX "api_clients_key_prefix_idx" ON "api_clients" USING btree ("key_prefix");--> statement-breakpoint
CREATE INDEX "audit_log_client_idx" ON "audit_log" USING btree ("client_id","id");