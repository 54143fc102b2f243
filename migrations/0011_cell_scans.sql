CREATE TABLE "cell_scans" (
	"report_id" integer NOT NULL,
	"table_key" text NOT NULL,
	"row_key" text NOT NULL,
	"col_key" text NOT NULL,
	"page" integer NOT NULL,
	"box" integer[] NOT NULL,
	"confidence" real
);
--> statement-breakpoint
CREATE INDEX "cell_scans_report_idx" ON "cell_scans" USING btree ("report_id");