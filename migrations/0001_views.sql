-- The dataset's public face (report-schema.md "The dataset's public face") plus summary and wide views.
-- Every view shows current revisions only. Column names are a contract: add, never rename.
CREATE VIEW report_list AS
SELECT r.id AS report_id,
       coalesce(a.name, r.agency_name) AS agency,
       coalesce(r.region, a.region) AS region,
       r.year,
       r.title,
       r.published_on,
       r.source_url,
       r.status,
       json_build_object('active', r.template_active, 'requests', r.template_requests, 'appeals', r.template_appeals) AS templates,
       r.extractor_version,
       r.extracted_at
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE r.is_current;
--> statement-breakpoint
CREATE VIEW report_cells AS
SELECT c.report_id,
       coalesce(a.name, r.agency_name) AS agency,
       r.year,
       c.table_key,
       c.row_key,
       c.col_key,
       c.value,
       c.raw
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id;
--> statement-breakpoint
CREATE VIEW report_findings AS
SELECT f.report_id, coalesce(a.name, r.agency_name) AS agency, r.year, f.code, f.severity,
       f.table_key, f.row_key, f.col_key, f.message
FROM findings f
JOIN reports r ON r.id = f.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
UNION ALL
SELECT y.report_id, coalesce(a.name, r.agency_name) AS agency, r.year, y.code, y.severity,
       y.table_key, y.row_key, y.col_key, y.message
FROM year_findings y
JOIN reports r ON r.id = y.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id;
--> statement-breakpoint
CREATE VIEW report_summary AS
WITH req AS (
  SELECT report_id,
    max(value) FILTER (WHERE row_key = 'new_received') AS applications_received,
    max(value) FILTER (WHERE row_key = 'carried_over') AS carried_over,
    max(value) FILTER (WHERE row_key = 'granted') AS granted,
    max(value) FILTER (WHERE row_key = 'partially_granted') AS partially_granted,
    coalesce(sum(value) FILTER (WHERE row_key LIKE 'denied\_%' AND row_key <> 'denied_subtotal'),
             max(value) FILTER (WHERE row_key = 'denied_subtotal')) AS denied,
    coalesce(sum(value) FILTER (WHERE row_key LIKE 'unable\_%' AND row_key <> 'unable_subtotal'),
             max(value) FILTER (WHERE row_key = 'unable_subtotal')) AS unable,
    coalesce(sum(value) FILTER (WHERE row_key LIKE 'ignored\_%' AND row_key <> 'ignored_subtotal'),
             max(value) FILTER (WHERE row_key = 'ignored_subtotal')) AS not_processed,
    coalesce(sum(value) FILTER (WHERE row_key IN ('other', 'other_no_correction', 'other_unpaid_fee', 'other_misc')),
             max(value) FILTER (WHERE row_key = 'other_subtotal')) AS other_handling,
    max(value) FILTER (WHERE row_key = 'handled_total') AS handled_total,
    max(value) FILTER (WHERE row_key = 'carried_forward') AS carried_forward
  FROM cells WHERE table_key = 'requests' AND col_key = 'total'
  GROUP BY report_id
), app AS (
  SELECT report_id,
    max(value) FILTER (WHERE col_key = 'review_total') AS reviews_total,
    max(value) FILTER (WHERE col_key = 'review_upheld') AS reviews_upheld,
    max(value) FILTER (WHERE col_key = 'review_corrected') AS reviews_corrected,
    max(value) FILTER (WHERE col_key = 'review_other') AS reviews_other,
    max(value) FILTER (WHERE col_key = 'review_pending') AS reviews_pending,
    sum(value) FILTER (WHERE col_key IN ('suit_direct_total', 'suit_after_review_total')) AS suits_total,
    sum(value) FILTER (WHERE col_key IN ('suit_direct_upheld', 'suit_after_review_upheld')) AS suits_upheld,
    sum(value) FILTER (WHERE col_key IN ('suit_direct_corrected', 'suit_after_review_corrected')) AS suits_corrected,
    sum(value) FILTER (WHERE col_key IN ('suit_direct_other', 'suit_after_review_other')) AS suits_other,
    sum(value) FILTER (WHERE col_key IN ('suit_direct_pending', 'suit_after_review_pending')) AS suits_pending
  FROM cells WHERE table_key = 'appeals'
  GROUP BY report_id
)
SELECT r.id AS report_id,
       coalesce(a.name, r.agency_name) AS agency,
       coalesce(r.region, a.region) AS region,
       r.year,
       r.template_requests AS template,
       r.status,
       req.applications_received, req.carried_over, req.granted, req.partially_granted, req.denied,
       req.unable, req.not_processed, req.other_handling, req.handled_total, req.carried_forward,
       app.reviews_total, app.reviews_upheld, app.reviews_corrected, app.reviews_other, app.reviews_pending,
       app.suits_total, app.suits_upheld, app.suits_corrected, app.suits_other, app.suits_pending
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN req ON req.report_id = r.id
LEFT JOIN app ON app.report_id = r.id
WHERE r.is_current;
--> statement-breakpoint
CREATE VIEW active_wide AS
SELECT r.id AS report_id, coalesce(a.name, r.agency_name) AS agency, r.year, r.template_active AS template, c.row_key,
  max(c.value) FILTER (WHERE c.col_key = 'made') AS made,
  max(c.value) FILTER (WHERE c.col_key = 'published') AS published,
  max(c.value) FILTER (WHERE c.col_key = 'total_public') AS total_public,
  max(c.value) FILTER (WHERE c.col_key = 'issued') AS issued,
  max(c.value) FILTER (WHERE c.col_key = 'repealed') AS repealed,
  max(c.value) FILTER (WHERE c.col_key = 'in_force') AS in_force,
  max(c.value) FILTER (WHERE c.col_key = 'prev_count') AS prev_count,
  max(c.value) FILTER (WHERE c.col_key = 'change') AS change,
  max(c.value) FILTER (WHERE c.col_key = 'decisions') AS decisions,
  max(c.value) FILTER (WHERE c.col_key = 'projects') AS projects,
  max(c.value) FILTER (WHERE c.col_key = 'amount_yuan') AS amount_yuan
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE c.table_key = 'active'
GROUP BY r.id, a.name, r.agency_name, r.year, r.template_active, c.row_key;
--> statement-breakpoint
CREATE VIEW requests_wide AS
SELECT r.id AS report_id, coalesce(a.name, r.agency_name) AS agency, r.year, r.template_requests AS template, c.row_key,
  max(c.value) FILTER (WHERE c.col_key = 'natural_person') AS natural_person,
  max(c.value) FILTER (WHERE c.col_key = 'commercial') AS commercial,
  max(c.value) FILTER (WHERE c.col_key = 'research') AS research,
  max(c.value) FILTER (WHERE c.col_key = 'social_org') AS social_org,
  max(c.value) FILTER (WHERE c.col_key = 'legal_service') AS legal_service,
  max(c.value) FILTER (WHERE c.col_key = 'other_org') AS other_org,
  max(c.value) FILTER (WHERE c.col_key = 'total') AS total
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE c.table_key = 'requests'
GROUP BY r.id, a.name, r.agency_name, r.year, r.template_requests, c.row_key;
--> statement-breakpoint
CREATE VIEW appeals_wide AS
SELECT r.id AS report_id, coalesce(a.name, r.agency_name) AS agency, r.year, r.template_appeals AS template, c.row_key,
  max(c.value) FILTER (WHERE c.col_key = 'review_upheld') AS review_upheld,
  max(c.value) FILTER (WHERE c.col_key = 'review_corrected') AS review_corrected,
  max(c.value) FILTER (WHERE c.col_key = 'review_other') AS review_other,
  max(c.value) FILTER (WHERE c.col_key = 'review_pending') AS review_pending,
  max(c.value) FILTER (WHERE c.col_key = 'review_total') AS review_total,
  max(c.value) FILTER (WHERE c.col_key = 'suit_direct_upheld') AS suit_direct_upheld,
  max(c.value) FILTER (WHERE c.col_key = 'suit_direct_corrected') AS suit_direct_corrected,
  max(c.value) FILTER (WHERE c.col_key = 'suit_direct_other') AS suit_direct_other,
  max(c.value) FILTER (WHERE c.col_key = 'suit_direct_pending') AS suit_direct_pending,
  max(c.value) FILTER (WHERE c.col_key = 'suit_direct_total') AS suit_direct_total,
  max(c.value) FILTER (WHERE c.col_key = 'suit_after_review_upheld') AS suit_after_review_upheld,
  max(c.value) FILTER (WHERE c.col_key = 'suit_after_review_corrected') AS suit_after_review_corrected,
  max(c.value) FILTER (WHERE c.col_key = 'suit_after_review_other') AS suit_after_review_other,
  max(c.value) FILTER (WHERE c.col_key = 'suit_after_review_pending') AS suit_after_review_pending,
  max(c.value) FILTER (WHERE c.col_key = 'suit_after_review_total') AS suit_after_review_total
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE c.table_key = 'appeals'
GROUP BY r.id, a.name, r.agency_name, r.year, r.template_appeals, c.row_key;
--> statement-breakpoint
-- The read-only role. Roles are cluster-wide: create it once, tolerate a concurrent creator,
-- and skip (with a notice) when the migrating user may not create roles; `xxgk db grant-reader` retries.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xxgk_reader') THEN
    CREATE ROLE xxgk_reader LOGIN;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO xxgk_reader', current_schema());
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO xxgk_reader', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO xxgk_reader', current_schema());
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO xxgk_reader', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO xxgk_reader', current_schema());
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'xxgk_reader not created: %', SQLERRM;
END
$$;
