ALTER TABLE "reports" ADD COLUMN "carried_over" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "carried_forward" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "regulations_issued" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "regulations_repealed" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "regulations_in_force" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "normative_issued" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "normative_repealed" numeric;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "normative_in_force" numeric;--> statement-breakpoint
-- Reports loaded before this migration: derive their key figures from their cells once.
UPDATE "reports" r SET
  "carried_over" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND c.table_key = 'requests' AND c.row_key = 'carried_over' AND c.col_key = 'total'),
  "carried_forward" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND c.table_key = 'requests' AND c.row_key = 'carried_forward' AND c.col_key = 'total'),
  "regulations_issued" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND r.template_active = '2021' AND c.table_key = 'active' AND c.row_key = 'regulations' AND c.col_key = 'issued'),
  "regulations_repealed" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND r.template_active = '2021' AND c.table_key = 'active' AND c.row_key = 'regulations' AND c.col_key = 'repealed'),
  "regulations_in_force" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND r.template_active = '2021' AND c.table_key = 'active' AND c.row_key = 'regulations' AND c.col_key = 'in_force'),
  "normative_issued" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND r.template_active = '2021' AND c.table_key = 'active' AND c.row_key = 'normative_docs' AND c.col_key = 'issued'),
  "normative_repealed" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND r.template_active = '2021' AND c.table_key = 'active' AND c.row_key = 'normative_docs' AND c.col_key = 'repealed'),
  "normative_in_force" = (SELECT max(value) FROM cells c WHERE c.report_id = r.id AND r.template_active = '2021' AND c.table_key = 'active' AND c.row_key = 'normative_docs' AND c.col_key = 'in_force');
