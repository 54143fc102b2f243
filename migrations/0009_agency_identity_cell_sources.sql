CREATE TABLE "agency_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"agency_id" integer NOT NULL,
	"other_agency_id" integer,
	"moved" jsonb NOT NULL,
	"reason" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reverted_by" integer,
	CONSTRAINT "agency_decisions_action_check" CHECK ("agency_decisions"."action" IN ('merge', 'split', 'unmerge'))
);
--> statement-breakpoint
CREATE TABLE "agency_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"agency_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agencies" DROP CONSTRAINT "agencies_agency_key_unique";--> statement-breakpoint
ALTER TABLE "agency_aliases" DROP CONSTRAINT "agency_aliases_alias_unique";--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "level" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "region_name" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "region_method" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "region_evidence" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "merged_into" integer;--> statement-breakpoint
ALTER TABLE "agency_aliases" ADD COLUMN "scope" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_aliases" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "cells" ADD COLUMN "source_table" integer;--> statement-breakpoint
ALTER TABLE "cells" ADD COLUMN "source_row" integer;--> statement-breakpoint
ALTER TABLE "cells" ADD COLUMN "source_col" integer;--> statement-breakpoint
ALTER TABLE "extraction_runs" ADD COLUMN "input_sha256" text;--> statement-breakpoint
ALTER TABLE "agency_keys" ADD CONSTRAINT "agency_keys_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_decisions_agency_idx" ON "agency_decisions" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_keys_scope_key_idx" ON "agency_keys" USING btree ("scope","key");--> statement-breakpoint
CREATE INDEX "agency_keys_agency_idx" ON "agency_keys" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_aliases_scope_alias_idx" ON "agency_aliases" USING btree ("scope","alias");--> statement-breakpoint
-- Agencies created before scoped identities keep the key they had (scope ''): nothing is lost, and
-- the loader's new keys (tier-marked, region-scoped) link them again only through a researcher's merge.
INSERT INTO "agency_keys" ("scope", "key", "agency_id") SELECT '', "agency_key", "id" FROM "agencies";
--> statement-breakpoint
UPDATE "extraction_runs" er SET "input_sha256" = d."sha256" FROM "documents" d WHERE d."id" = er."document_id";
