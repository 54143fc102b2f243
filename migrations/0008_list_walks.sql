CREATE TABLE "list_walks" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"list_url" text NOT NULL,
	"last_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_id" integer,
	"last_completed_started_at" timestamp with time zone,
	"last_completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "list_walks" ADD CONSTRAINT "list_walks_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "list_walks_source_list_idx" ON "list_walks" USING btree ("source_id","list_url");