ALTER TABLE "year_findings" DROP CONSTRAINT "year_findings_agency_id_agencies_id_fk";
--> statement-breakpoint
ALTER TABLE "year_findings" DROP CONSTRAINT "year_findings_report_id_reports_id_fk";
