-- Agencies as entities in every public view (agency_id), cell provenance, agency and panel views,
-- and a description (中文 | English) of every public view and column, so psql \d+ and DBeaver show
-- the dictionary. Existing views only gain columns at their end: names and order are a contract.
-- `agency` is now the canonical name of the report's agency, null when its publisher was refused
-- (agency.placeholder); `agency_as_printed` keeps what the report said.
CREATE OR REPLACE VIEW report_list AS
SELECT r.id AS report_id,
       a.name AS agency,
       coalesce(a.region_name, r.region, a.region) AS region,
       r.year,
       r.title,
       r.published_on,
       r.source_url,
       r.status,
       json_build_object('active', r.template_active, 'requests', r.template_requests, 'appeals', r.template_appeals) AS templates,
       r.extractor_version,
       r.extracted_at,
       r.agency_id,
       a.region_code,
       a.level AS agency_level,
       a.kind AS agency_kind,
       r.agency_name AS agency_as_printed,
       d.sha256 AS document_sha256,
       r.revision
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN documents d ON d.id = r.document_id
WHERE r.is_current;
--> statement-breakpoint
CREATE OR REPLACE VIEW report_cells AS
SELECT c.report_id,
       a.name AS agency,
       r.year,
       c.table_key,
       c.row_key,
       c.col_key,
       c.value,
       c.raw,
       r.agency_id,
       d.sha256 AS document_sha256,
       c.source_table,
       c.source_row,
       c.source_col
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN documents d ON d.id = r.document_id;
--> statement-breakpoint
CREATE OR REPLACE VIEW report_findings AS
SELECT f.report_id, a.name AS agency, r.year, f.code, f.severity,
       f.table_key, f.row_key, f.col_key, f.message, r.agency_id
FROM findings f
JOIN reports r ON r.id = f.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
UNION ALL
SELECT y.report_id, a.name AS agency, r.year, y.code, y.severity,
       y.table_key, y.row_key, y.col_key, y.message, r.agency_id
FROM year_findings y
JOIN reports r ON r.id = y.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id;
--> statement-breakpoint
CREATE OR REPLACE VIEW report_summary AS
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
       a.name AS agency,
       coalesce(a.region_name, r.region, a.region) AS region,
       r.year,
       r.template_requests AS template,
       r.status,
       req.applications_received, req.carried_over, req.granted, req.partially_granted, req.denied,
       req.unable, req.not_processed, req.other_handling, req.handled_total, req.carried_forward,
       app.reviews_total, app.reviews_upheld, app.reviews_corrected, app.reviews_other, app.reviews_pending,
       app.suits_total, app.suits_upheld, app.suits_corrected, app.suits_other, app.suits_pending,
       r.agency_id,
       a.region_code,
       r.published_on
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN req ON req.report_id = r.id
LEFT JOIN app ON app.report_id = r.id
WHERE r.is_current;
--> statement-breakpoint
CREATE OR REPLACE VIEW active_wide AS
SELECT r.id AS report_id, a.name AS agency, r.year, r.template_active AS template, c.row_key,
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
  max(c.value) FILTER (WHERE c.col_key = 'amount_yuan') AS amount_yuan,
  r.agency_id
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE c.table_key = 'active'
GROUP BY r.id, a.name, r.agency_id, r.year, r.template_active, c.row_key;
--> statement-breakpoint
CREATE OR REPLACE VIEW requests_wide AS
SELECT r.id AS report_id, a.name AS agency, r.year, r.template_requests AS template, c.row_key,
  max(c.value) FILTER (WHERE c.col_key = 'natural_person') AS natural_person,
  max(c.value) FILTER (WHERE c.col_key = 'commercial') AS commercial,
  max(c.value) FILTER (WHERE c.col_key = 'research') AS research,
  max(c.value) FILTER (WHERE c.col_key = 'social_org') AS social_org,
  max(c.value) FILTER (WHERE c.col_key = 'legal_service') AS legal_service,
  max(c.value) FILTER (WHERE c.col_key = 'other_org') AS other_org,
  max(c.value) FILTER (WHERE c.col_key = 'total') AS total,
  r.agency_id
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE c.table_key = 'requests'
GROUP BY r.id, a.name, r.agency_id, r.year, r.template_requests, c.row_key;
--> statement-breakpoint
CREATE OR REPLACE VIEW appeals_wide AS
SELECT r.id AS report_id, a.name AS agency, r.year, r.template_appeals AS template, c.row_key,
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
  max(c.value) FILTER (WHERE c.col_key = 'suit_after_review_total') AS suit_after_review_total,
  r.agency_id
FROM cells c
JOIN reports r ON r.id = c.report_id AND r.is_current
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE c.table_key = 'appeals'
GROUP BY r.id, a.name, r.agency_id, r.year, r.template_appeals, c.row_key;
--> statement-breakpoint
-- Agencies (merged tombstones left out: their reports, names and keys live in the agency kept).
CREATE VIEW agency_list AS
SELECT a.id AS agency_id,
       a.name AS agency,
       a.level,
       a.kind,
       a.region_code,
       coalesce(a.region_name, a.region) AS region,
       a.region_method,
       a.region_evidence,
       y.first_year,
       y.last_year,
       coalesce(y.reports, 0) AS reports,
       (SELECT count(*) FROM agency_aliases n WHERE n.agency_id = a.id) AS names
FROM agencies a
LEFT JOIN (SELECT agency_id, min(year) AS first_year, max(year) AS last_year, count(*) AS reports
           FROM reports WHERE is_current GROUP BY agency_id) y ON y.agency_id = a.id
WHERE a.merged_into IS NULL;
--> statement-breakpoint
-- Every name an agency was printed under, and the years it was used.
CREATE VIEW agency_names AS
SELECT n.agency_id,
       a.name AS agency,
       n.alias AS name,
       y.first_year,
       y.last_year,
       coalesce(y.reports, 0) AS reports
FROM agency_aliases n
JOIN agencies a ON a.id = n.agency_id
LEFT JOIN (SELECT agency_id, agency_name, min(year) AS first_year, max(year) AS last_year, count(*) AS reports
           FROM reports WHERE is_current GROUP BY agency_id, agency_name) y
  ON y.agency_id = n.agency_id AND y.agency_name = n.alias;
--> statement-breakpoint
-- Every decision about agencies: the loader's folds by normalised key and researchers' merges and splits.
CREATE VIEW agency_history AS
SELECT 'fold'::text AS action, m.agency_id, NULL::integer AS other_agency_id, m.merged_name AS names,
       m.reason, m.merged_at AS decided_at, NULL::integer AS decision_id, NULL::integer AS reverted_by
FROM agency_merges m
UNION ALL
SELECT d.action, d.agency_id, d.other_agency_id,
       (SELECT string_agg(n.alias, '；' ORDER BY n.alias) FROM agency_aliases n
        WHERE n.id IN (SELECT jsonb_array_elements_text(d.moved -> 'aliases')::int)) AS names,
       d.reason, d.decided_at, d.id, d.reverted_by
FROM agency_decisions d;
--> statement-breakpoint
-- What produced each report: one row per extraction run (the run a cited number comes from).
CREATE VIEW report_runs AS
SELECT er.id AS run_id,
       er.report_id,
       r.agency_id,
       r.year,
       er.extractor_version,
       er.input_sha256,
       er.outcome,
       er.content_hash,
       er.ran_at,
       (er.content_hash = r.content_hash) AS produced_current
FROM extraction_runs er
JOIN reports r ON r.id = er.report_id AND r.is_current;
--> statement-breakpoint
-- The panel: one row per agency and year. When two current reports claim one agency and year
-- (years.duplicate), the best-read one counts (ok before partial before failed, then the later
-- publication, then the later load) and `reports_that_year` says how many there were.
-- Every rate's formula is written here once; agency_year_change reads them.
CREATE VIEW agency_year AS
WITH ranked AS (
  SELECT s.*,
         count(*) OVER (PARTITION BY s.agency_id, s.year) AS reports_that_year,
         row_number() OVER (PARTITION BY s.agency_id, s.year
                            ORDER BY CASE s.status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END,
                                     s.published_on DESC NULLS LAST, s.report_id DESC) AS pick
  FROM report_summary s
  WHERE s.agency_id IS NOT NULL AND s.year IS NOT NULL
)
SELECT x.agency_id,
       x.agency,
       a.level,
       a.kind,
       a.region_code,
       x.region,
       x.year,
       x.report_id,
       x.status,
       x.template,
       x.reports_that_year,
       x.applications_received, x.carried_over, x.granted, x.partially_granted, x.denied, x.unable,
       x.not_processed, x.other_handling, x.handled_total, x.carried_forward,
       x.reviews_total, x.reviews_upheld, x.reviews_corrected, x.reviews_other, x.reviews_pending,
       x.suits_total, x.suits_upheld, x.suits_corrected, x.suits_other, x.suits_pending,
       round(x.granted / nullif(x.handled_total, 0), 4) AS grant_rate,
       round(x.partially_granted / nullif(x.handled_total, 0), 4) AS partial_rate,
       round(x.denied / nullif(x.handled_total, 0), 4) AS denial_rate,
       round(x.unable / nullif(x.handled_total, 0), 4) AS unable_rate,
       round(x.not_processed / nullif(x.handled_total, 0), 4) AS not_processed_rate,
       round(x.reviews_corrected / nullif(x.reviews_upheld + x.reviews_corrected + x.reviews_other, 0), 4) AS review_correction_rate,
       round(x.suits_corrected / nullif(x.suits_upheld + x.suits_corrected + x.suits_other, 0), 4) AS suit_correction_rate
FROM ranked x
JOIN agencies a ON a.id = x.agency_id
WHERE x.pick = 1;
--> statement-breakpoint
-- Year-over-year change per agency: this year's figure minus the previous year's, only when the
-- previous year (year − 1) has a row; rates change in rate points (0.05 = five percentage points).
CREATE VIEW agency_year_change AS
WITH p AS (
  SELECT y.*,
         lag(year) OVER w AS prev_year_found,
         lag(applications_received) OVER w AS p_applications_received,
         lag(carried_over) OVER w AS p_carried_over,
         lag(granted) OVER w AS p_granted,
         lag(partially_granted) OVER w AS p_partially_granted,
         lag(denied) OVER w AS p_denied,
         lag(unable) OVER w AS p_unable,
         lag(not_processed) OVER w AS p_not_processed,
         lag(other_handling) OVER w AS p_other_handling,
         lag(handled_total) OVER w AS p_handled_total,
         lag(carried_forward) OVER w AS p_carried_forward,
         lag(reviews_total) OVER w AS p_reviews_total,
         lag(reviews_corrected) OVER w AS p_reviews_corrected,
         lag(suits_total) OVER w AS p_suits_total,
         lag(suits_corrected) OVER w AS p_suits_corrected,
         lag(grant_rate) OVER w AS p_grant_rate,
         lag(partial_rate) OVER w AS p_partial_rate,
         lag(denial_rate) OVER w AS p_denial_rate,
         lag(unable_rate) OVER w AS p_unable_rate,
         lag(not_processed_rate) OVER w AS p_not_processed_rate,
         lag(review_correction_rate) OVER w AS p_review_correction_rate,
         lag(suit_correction_rate) OVER w AS p_suit_correction_rate
  FROM agency_year y
  WINDOW w AS (PARTITION BY agency_id ORDER BY year)
)
SELECT agency_id, agency, level, kind, region_code, region, year, report_id,
       CASE WHEN prev_year_found = year - 1 THEN prev_year_found END AS prev_year,
       CASE WHEN prev_year_found = year - 1 THEN applications_received - p_applications_received END AS applications_received_change,
       CASE WHEN prev_year_found = year - 1 THEN carried_over - p_carried_over END AS carried_over_change,
       CASE WHEN prev_year_found = year - 1 THEN granted - p_granted END AS granted_change,
       CASE WHEN prev_year_found = year - 1 THEN partially_granted - p_partially_granted END AS partially_granted_change,
       CASE WHEN prev_year_found = year - 1 THEN denied - p_denied END AS denied_change,
       CASE WHEN prev_year_found = year - 1 THEN unable - p_unable END AS unable_change,
       CASE WHEN prev_year_found = year - 1 THEN not_processed - p_not_processed END AS not_processed_change,
       CASE WHEN prev_year_found = year - 1 THEN other_handling - p_other_handling END AS other_handling_change,
       CASE WHEN prev_year_found = year - 1 THEN handled_total - p_handled_total END AS handled_total_change,
       CASE WHEN prev_year_found = year - 1 THEN carried_forward - p_carried_forward END AS carried_forward_change,
       CASE WHEN prev_year_found = year - 1 THEN reviews_total - p_reviews_total END AS reviews_total_change,
       CASE WHEN prev_year_found = year - 1 THEN reviews_corrected - p_reviews_corrected END AS reviews_corrected_change,
       CASE WHEN prev_year_found = year - 1 THEN suits_total - p_suits_total END AS suits_total_change,
       CASE WHEN prev_year_found = year - 1 THEN suits_corrected - p_suits_corrected END AS suits_corrected_change,
       CASE WHEN prev_year_found = year - 1 THEN grant_rate - p_grant_rate END AS grant_rate_change,
       CASE WHEN prev_year_found = year - 1 THEN partial_rate - p_partial_rate END AS partial_rate_change,
       CASE WHEN prev_year_found = year - 1 THEN denial_rate - p_denial_rate END AS denial_rate_change,
       CASE WHEN prev_year_found = year - 1 THEN unable_rate - p_unable_rate END AS unable_rate_change,
       CASE WHEN prev_year_found = year - 1 THEN not_processed_rate - p_not_processed_rate END AS not_processed_rate_change,
       CASE WHEN prev_year_found = year - 1 THEN review_correction_rate - p_review_correction_rate END AS review_correction_rate_change,
       CASE WHEN prev_year_found = year - 1 THEN suit_correction_rate - p_suit_correction_rate END AS suit_correction_rate_change
FROM p;
--> statement-breakpoint
-- Coverage: every live agency × every year the dataset covers (first to last year of any current
-- report), whether a report was published and read, and how well.
CREATE VIEW agency_coverage AS
WITH span AS (SELECT min(year) AS y0, max(year) AS y1 FROM reports WHERE is_current AND agency_id IS NOT NULL),
per AS (
  SELECT r.agency_id, r.year, count(*) AS reports,
         (array_agg(r.id ORDER BY CASE r.status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END, r.id DESC))[1] AS report_id
  FROM reports r WHERE r.is_current AND r.agency_id IS NOT NULL AND r.year IS NOT NULL
  GROUP BY r.agency_id, r.year
)
SELECT a.id AS agency_id,
       a.name AS agency,
       a.level,
       a.region_code,
       g.year::int AS year,
       (per.report_id IS NOT NULL) AS published,
       per.report_id,
       r.status,
       (CASE WHEN r.template_active IS NULL OR r.template_active = 'pre2019' THEN 0 ELSE 1 END
        + CASE WHEN r.template_requests IS NULL OR r.template_requests = 'pre2019' THEN 0 ELSE 1 END
        + CASE WHEN r.template_appeals IS NULL OR r.template_appeals = 'pre2019' THEN 0 ELSE 1 END) AS tables_read,
       (SELECT count(*) FROM findings f WHERE f.report_id = per.report_id)
         + (SELECT count(*) FROM year_findings y WHERE y.report_id = per.report_id) AS findings,
       (SELECT count(*) FROM findings f WHERE f.report_id = per.report_id AND f.severity = 'error') AS errors,
       coalesce(per.reports, 0) AS reports
FROM agencies a
CROSS JOIN span
CROSS JOIN LATERAL generate_series(span.y0, span.y1) AS g(year)
LEFT JOIN per ON per.agency_id = a.id AND per.year = g.year
LEFT JOIN reports r ON r.id = per.report_id
WHERE a.merged_into IS NULL AND span.y0 IS NOT NULL;
--> statement-breakpoint
COMMENT ON VIEW report_list IS '报告清单 | One row per report (current revision): who, which year, where it came from, how it was read.';
COMMENT ON VIEW report_cells IS '表格单元（长表） | Every cell of the three statistical tables, long form, with where in the source document it was read.';
COMMENT ON VIEW report_findings IS '核查发现 | What does not add up or could not be read, per report (extractor, loader) and across years (years.*).';
COMMENT ON VIEW report_summary IS '年度报告摘要 | One row per report: the key figures of the requests (总计 column) and appeals tables.';
COMMENT ON VIEW active_wide IS '主动公开（宽表） | Table 二 (主动公开), one row per report and template row, one column per template column.';
COMMENT ON VIEW requests_wide IS '依申请公开（宽表） | Table 三 (依申请公开), one row per report and template row, one column per applicant type.';
COMMENT ON VIEW appeals_wide IS '行政复议、行政诉讼（宽表） | Table 四, one row per report (row cases), one column per outcome and group.';
COMMENT ON VIEW agency_list IS '机关清单 | One row per agency: canonical name, level, region (GB/T 2260) and how it was inferred, years covered.';
COMMENT ON VIEW agency_names IS '机关名称及使用年份 | Every name an agency was printed under, with the years it was used.';
COMMENT ON VIEW agency_history IS '机关合并拆分记录 | Every decision about agencies: automatic folds by normalised name, researchers'' merges, splits and unmerges.';
COMMENT ON VIEW report_runs IS '提取运行记录 | Every extraction run of a current report: extractor version, input document sha256, time, outcome.';
COMMENT ON VIEW agency_year IS '机关年度面板 | The panel: one row per agency and year, key figures and rates (each formula defined once, here).';
COMMENT ON VIEW agency_year_change IS '机关年度变化 | Year-over-year change of each panel figure and rate (this year minus year − 1; null when year − 1 is missing).';
COMMENT ON VIEW agency_coverage IS '机关年度覆盖 | Every agency × every year of the dataset: published or not, status, tables read, findings.';
--> statement-breakpoint
-- Columns shared by several views, then the columns of each view.
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.table_name, c.column_name, d.txt
    FROM information_schema.columns c
    JOIN (VALUES
      ('report_id', '报告编号 | Report id (the current revision of a report; stable across reloads that change nothing).'),
      ('agency_id', '机关编号 | Agency id: stable identity of the agency across years, names and reloads (agency_list).'),
      ('agency', '机关名称 | Canonical name of the agency (agency_list); null when the report''s publisher was refused (agency.placeholder).'),
      ('region', '地区 | Region: full name of the administrative division (江西省赣州市章贡区), else the place name as found.'),
      ('region_code', '行政区划代码 | GB/T 2260 code of the agency''s region (6 digits; 9 digits = township, statistics bureau extension).'),
      ('year', '报告年度 | The year the report covers (2020 for a report published in January 2021).'),
      ('level', '机关层级 | Tier of government: province 省级, city 市级, county 县级 (incl. development zones), township 乡镇/街道.'),
      ('kind', '机关类型 | government 人民政府/管委会/街道办事处, or department 部门 (a 局, 委, 办 … of a government).'),
      ('status', '状态 | How the report was read: ok, partial (some rows or tables not read), failed (no table).'),
      ('table_key', '表 | Table: active 主动公开, requests 依申请公开, appeals 行政复议、行政诉讼 (report-schema.md).'),
      ('row_key', '行 | Template row key (report-schema.md; the codebook lists each key with its label).'),
      ('col_key', '列 | Template column key (report-schema.md; the codebook lists each key with its label).'),
      ('template', '模板 | National template of the table: 2019 (国办公开办函〔2019〕60号), 2021 (〔2021〕30号) or pre2019.'),
      ('published_on', '发布日期 | Publication date printed on the page or in the report.'),
      ('applications_received', '本年新收政府信息公开申请数量 | Applications received this year (requests new_received, 总计).'),
      ('carried_over', '上年结转政府信息公开申请数量 | Applications carried over from last year (requests carried_over, 总计).'),
      ('granted', '予以公开 | Granted in full (requests granted, 总计).'),
      ('partially_granted', '部分公开 | Partly granted (requests partially_granted, 总计).'),
      ('denied', '不予公开 | Denied: sum of the denied_* reason rows (the printed subtotal when only that is given).'),
      ('unable', '无法提供 | Unable to provide: sum of the unable_* rows (or the subtotal).'),
      ('not_processed', '不予处理 | Not processed: sum of the ignored_* rows (or the subtotal).'),
      ('other_handling', '其他处理 | Other handling: other (2019) or other_no_correction + other_unpaid_fee + other_misc (2021).'),
      ('handled_total', '总计（办理结果） | Total handled (requests handled_total, 总计).'),
      ('carried_forward', '结转下年度继续办理 | Carried forward to next year (requests carried_forward, 总计).'),
      ('reviews_total', '行政复议总计 | Administrative reviews: total.'),
      ('reviews_upheld', '行政复议结果维持 | Administrative reviews: upheld.'),
      ('reviews_corrected', '行政复议结果纠正 | Administrative reviews: corrected.'),
      ('reviews_other', '行政复议其他结果 | Administrative reviews: other outcome.'),
      ('reviews_pending', '行政复议尚未审结 | Administrative reviews: pending.'),
      ('suits_total', '行政诉讼总计 | Lawsuits (未经复议直接起诉 + 复议后起诉): total.'),
      ('suits_upheld', '行政诉讼结果维持 | Lawsuits: upheld.'),
      ('suits_corrected', '行政诉讼结果纠正 | Lawsuits: corrected.'),
      ('suits_other', '行政诉讼其他结果 | Lawsuits: other outcome.'),
      ('suits_pending', '行政诉讼尚未审结 | Lawsuits: pending.'),
      ('document_sha256', '原始文件哈希 | sha256 of the stored document the report was read from (documents table; xxgk trace prints it).'),
      ('first_year', '首个年度 | First year covered by a current report.'),
      ('last_year', '最近年度 | Last year covered by a current report.'),
      ('region_method', '地区推断方式 | How the region was inferred: name (the agency''s name), title (the report title), source (the portal''s declared region).'),
      ('region_evidence', '地区推断依据 | The text the region was read from.'),
      ('message', '说明 | What the finding says, in words.')
    ) AS d(col, txt) ON d.col = c.column_name
    WHERE c.table_schema = current_schema()
      AND c.table_name IN ('report_list', 'report_cells', 'report_findings', 'report_summary', 'active_wide',
        'requests_wide', 'appeals_wide', 'agency_list', 'agency_names', 'agency_history', 'report_runs',
        'agency_year', 'agency_year_change', 'agency_coverage')
  LOOP
    EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', r.table_name, r.column_name, r.txt);
  END LOOP;
END
$$;
--> statement-breakpoint
COMMENT ON COLUMN report_list.title IS '标题 | Report title.';
COMMENT ON COLUMN report_list.source_url IS '来源网址 | Where the report was found (file:// for files loaded from disk).';
COMMENT ON COLUMN report_list.templates IS '模板 | JSON {active, requests, appeals}: the template each table was read with (2019, 2021, pre2019, null).';
COMMENT ON COLUMN report_list.extractor_version IS '提取程序版本 | Version of the extractor that produced the current content.';
COMMENT ON COLUMN report_list.extracted_at IS '提取时间 | When the current content was extracted.';
COMMENT ON COLUMN report_list.agency_level IS '机关层级 | Tier of the agency: province, city, county, township.';
COMMENT ON COLUMN report_list.agency_kind IS '机关类型 | government or department.';
COMMENT ON COLUMN report_list.agency_as_printed IS '报告所署机关名称 | The publisher as the report or page printed it (a placeholder when the agency was refused).';
COMMENT ON COLUMN report_list.revision IS '修订版本 | Revision number of the report at its source URL (1 = first version seen).';
COMMENT ON COLUMN report_cells.value IS '数值 | The number read (numeric; null for a blank or a cell that could not be read, see findings).';
COMMENT ON COLUMN report_cells.raw IS '原文 | The cell''s text exactly as found (trimmed).';
COMMENT ON COLUMN report_cells.source_table IS '来源表序号 | Index of the table in the source document (0-based) the cell was read from; null when its position is unknown.';
COMMENT ON COLUMN report_cells.source_row IS '来源行号 | Row of the cell in the source table (0-based; line within the table section for text shapes).';
COMMENT ON COLUMN report_cells.source_col IS '来源列号 | Column of the cell in the source row (0-based).';
COMMENT ON COLUMN report_findings.code IS '代码 | Finding code (report-schema.md, codebook): e.g. requests.balance, years.carry_over, agency.placeholder.';
COMMENT ON COLUMN report_findings.severity IS '级别 | error (a table or row could not be read), warning, info.';
COMMENT ON COLUMN report_findings.table_key IS '表 | Table the finding concerns, if any.';
COMMENT ON COLUMN report_findings.row_key IS '行 | Row the finding concerns, if any.';
COMMENT ON COLUMN report_findings.col_key IS '列 | Column the finding concerns, if any.';
COMMENT ON COLUMN report_summary.template IS '依申请公开表模板 | Template of the requests table (2019 or 2021).';
COMMENT ON COLUMN active_wide.template IS '主动公开表模板 | Template of the active table (2019 or 2021); columns outside it are null.';
COMMENT ON COLUMN requests_wide.template IS '依申请公开表模板 | Template of the requests table.';
COMMENT ON COLUMN appeals_wide.template IS '行政复议诉讼表模板 | Template of the appeals table.';
COMMENT ON COLUMN active_wide.made IS '本年新制作数量 | 2019: made this year.';
COMMENT ON COLUMN active_wide.published IS '本年新公开数量 | 2019: published this year.';
COMMENT ON COLUMN active_wide.total_public IS '对外公开总数量 | 2019: total public.';
COMMENT ON COLUMN active_wide.issued IS '本年制发件数 | 2021: issued this year.';
COMMENT ON COLUMN active_wide.repealed IS '本年废止件数 | 2021: repealed this year.';
COMMENT ON COLUMN active_wide.in_force IS '现行有效件数 | 2021: in force.';
COMMENT ON COLUMN active_wide.prev_count IS '上一年项目数量 | 2019: items last year.';
COMMENT ON COLUMN active_wide.change IS '本年增/减 | 2019: change this year (negative = decrease).';
COMMENT ON COLUMN active_wide.decisions IS '处理决定数量 | Decisions made.';
COMMENT ON COLUMN active_wide.projects IS '采购项目数量 | 2019: procurement projects.';
COMMENT ON COLUMN active_wide.amount_yuan IS '金额（元） | Amount in yuan (万元 converted).';
COMMENT ON COLUMN requests_wide.natural_person IS '自然人 | Applicant: natural persons.';
COMMENT ON COLUMN requests_wide.commercial IS '商业企业 | Applicant: commercial enterprises.';
COMMENT ON COLUMN requests_wide.research IS '科研机构 | Applicant: research institutions.';
COMMENT ON COLUMN requests_wide.social_org IS '社会公益组织 | Applicant: public-interest organisations.';
COMMENT ON COLUMN requests_wide.legal_service IS '法律服务机构 | Applicant: legal service organisations.';
COMMENT ON COLUMN requests_wide.other_org IS '其他 | Applicant: other legal persons or organisations.';
COMMENT ON COLUMN requests_wide.total IS '总计 | All applicants.';
COMMENT ON COLUMN appeals_wide.review_upheld IS '行政复议 结果维持 | Review: upheld.';
COMMENT ON COLUMN appeals_wide.review_corrected IS '行政复议 结果纠正 | Review: corrected.';
COMMENT ON COLUMN appeals_wide.review_other IS '行政复议 其他结果 | Review: other outcome.';
COMMENT ON COLUMN appeals_wide.review_pending IS '行政复议 尚未审结 | Review: pending.';
COMMENT ON COLUMN appeals_wide.review_total IS '行政复议 总计 | Review: total.';
COMMENT ON COLUMN appeals_wide.suit_direct_upheld IS '未经复议直接起诉 结果维持 | Suit without review: upheld.';
COMMENT ON COLUMN appeals_wide.suit_direct_corrected IS '未经复议直接起诉 结果纠正 | Suit without review: corrected.';
COMMENT ON COLUMN appeals_wide.suit_direct_other IS '未经复议直接起诉 其他结果 | Suit without review: other outcome.';
COMMENT ON COLUMN appeals_wide.suit_direct_pending IS '未经复议直接起诉 尚未审结 | Suit without review: pending.';
COMMENT ON COLUMN appeals_wide.suit_direct_total IS '未经复议直接起诉 总计 | Suit without review: total.';
COMMENT ON COLUMN appeals_wide.suit_after_review_upheld IS '复议后起诉 结果维持 | Suit after review: upheld.';
COMMENT ON COLUMN appeals_wide.suit_after_review_corrected IS '复议后起诉 结果纠正 | Suit after review: corrected.';
COMMENT ON COLUMN appeals_wide.suit_after_review_other IS '复议后起诉 其他结果 | Suit after review: other outcome.';
COMMENT ON COLUMN appeals_wide.suit_after_review_pending IS '复议后起诉 尚未审结 | Suit after review: pending.';
COMMENT ON COLUMN appeals_wide.suit_after_review_total IS '复议后起诉 总计 | Suit after review: total.';
COMMENT ON COLUMN agency_list.reports IS '报告数 | Current reports of the agency.';
COMMENT ON COLUMN agency_list.names IS '名称数 | How many names (spellings) the agency was printed under (agency_names).';
COMMENT ON COLUMN agency_names.name IS '名称 | One name (spelling) the agency was printed under.';
COMMENT ON COLUMN agency_names.reports IS '报告数 | Current reports printed under this name.';
COMMENT ON COLUMN agency_names.first_year IS '首次使用年度 | First year a current report used this name.';
COMMENT ON COLUMN agency_names.last_year IS '最后使用年度 | Last year a current report used this name.';
COMMENT ON COLUMN agency_history.action IS '操作 | fold (automatic, same normalised name), merge, split, unmerge (xxgk agencies merge|split).';
COMMENT ON COLUMN agency_history.agency_id IS '机关编号 | fold/merge: the agency kept; split: the agency split; unmerge: the agency revived.';
COMMENT ON COLUMN agency_history.other_agency_id IS '另一机关编号 | merge: the agency folded in; split: the new agency; unmerge: the agency it had been merged into.';
COMMENT ON COLUMN agency_history.names IS '涉及名称 | The names that moved.';
COMMENT ON COLUMN agency_history.reason IS '理由 | Why (the researcher''s reason, or the matching key for a fold).';
COMMENT ON COLUMN agency_history.decided_at IS '决定时间 | When.';
COMMENT ON COLUMN agency_history.decision_id IS '决定编号 | Decision id (null for automatic folds).';
COMMENT ON COLUMN agency_history.reverted_by IS '撤销决定编号 | The decision that undid this one, if any.';
COMMENT ON COLUMN report_runs.run_id IS '运行编号 | Extraction run id: cite it with a number to name what produced it.';
COMMENT ON COLUMN report_runs.extractor_version IS '提取程序版本 | Extractor version of the run.';
COMMENT ON COLUMN report_runs.input_sha256 IS '输入文件哈希 | sha256 of the stored document the run read.';
COMMENT ON COLUMN report_runs.outcome IS '结果 | inserted, unchanged, replaced, revised (db/README.md).';
COMMENT ON COLUMN report_runs.content_hash IS '内容哈希 | Hash of what the run produced (same hash = same rows).';
COMMENT ON COLUMN report_runs.ran_at IS '运行时间 | When the run extracted.';
COMMENT ON COLUMN report_runs.produced_current IS '是否产生当前内容 | True when this run''s output is what the report holds now.';
COMMENT ON COLUMN agency_year.reports_that_year IS '当年报告数 | Current reports claiming this agency and year (>1: years.duplicate; the best-read one is shown).';
COMMENT ON COLUMN agency_year.grant_rate IS '公开率 | granted / handled_total (予以公开 ÷ 总计), 4 decimals; null when handled_total is 0 or unknown.';
COMMENT ON COLUMN agency_year.partial_rate IS '部分公开率 | partially_granted / handled_total.';
COMMENT ON COLUMN agency_year.denial_rate IS '不予公开率 | denied / handled_total.';
COMMENT ON COLUMN agency_year.unable_rate IS '无法提供率 | unable / handled_total.';
COMMENT ON COLUMN agency_year.not_processed_rate IS '不予处理率 | not_processed / handled_total.';
COMMENT ON COLUMN agency_year.review_correction_rate IS '行政复议纠错率 | reviews_corrected / (reviews_upheld + reviews_corrected + reviews_other): share of concluded reviews corrected.';
COMMENT ON COLUMN agency_year.suit_correction_rate IS '行政诉讼纠错率 | suits_corrected / (suits_upheld + suits_corrected + suits_other): share of concluded suits corrected.';
COMMENT ON COLUMN agency_year_change.prev_year IS '上一年度 | year − 1 when the agency has a row for it, else null (and every change is null).';
COMMENT ON COLUMN agency_coverage.published IS '是否发布 | True when a current report covers this agency and year.';
COMMENT ON COLUMN agency_coverage.tables_read IS '读取表数 | How many of the three tables were read (0–3).';
COMMENT ON COLUMN agency_coverage.findings IS '发现数 | Findings on that report (per report and across years).';
COMMENT ON COLUMN agency_coverage.errors IS '错误数 | Error findings on that report (a table or row not read).';
COMMENT ON COLUMN agency_coverage.reports IS '报告数 | Current reports claiming this agency and year.';
--> statement-breakpoint
DO $$
DECLARE r record;
BEGIN
  -- Every *_change column of agency_year_change: this year's figure minus the previous year's.
  FOR r IN SELECT column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = 'agency_year_change' AND column_name LIKE '%\_change'
  LOOP
    EXECUTE format('COMMENT ON COLUMN agency_year_change.%I IS %L', r.column_name,
      '同比变化 | ' || replace(r.column_name, '_change', '') || ' of this year minus that of year − 1 (agency_year); null when year − 1 has no row.');
  END LOOP;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xxgk_reader') THEN
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO xxgk_reader', current_schema());
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'xxgk_reader not granted the new views: %', SQLERRM;
END
$$;
