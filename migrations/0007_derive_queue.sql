CREATE TABLE "derive_queue" (
	"entity_id" bigint PRIMARY KEY NOT NULL,
	"cause" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
