-- Stored pages and files compressed with lz4 instead of the default pglz: on the crawl's pages
-- (~20-40 KB of HTML) the server spends ~0.08 CPU ms per document against ~0.2 (issue 14; a 2-core
-- machine shares that CPU with the crawler). Values already stored keep their compression. A server
-- built without lz4 (and the embedded one, if so) keeps pglz: the migration still applies.
DO $$
BEGIN
  ALTER TABLE documents ALTER COLUMN bytes SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
