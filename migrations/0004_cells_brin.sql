DROP INDEX "cells_report_idx";--> statement-breakpoint
CREATE INDEX "cells_report_idx" ON "cells" USING brin ("report_id") WITH (pages_per_range=16);