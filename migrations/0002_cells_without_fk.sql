ALTER TABLE "cells" DROP CONSTRAINT "cells_report_id_reports_id_fk";
