-- DropIndex
DROP INDEX "Ticket_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_firstResponseAt_idx";

-- DropIndex
DROP INDEX "Ticket_resolvedAt_idx";

-- DropIndex
DROP INDEX "Ticket_csatAt_idx";

-- DropIndex
DROP INDEX "Ticket_teamId_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_teamId_firstResponseAt_idx";

-- DropIndex
DROP INDEX "Ticket_teamId_resolvedAt_idx";

-- DropIndex
DROP INDEX "SlaClock_metAt_idx";

-- DropIndex
DROP INDEX "SlaClock_breachedAt_idx";

-- DropIndex
DROP INDEX "CsatSurvey_sentAt_idx";

-- CreateIndex
CREATE INDEX "Ticket_createdAt_kpi_idx" ON "Ticket"("createdAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_firstResponseAt_kpi_idx" ON "Ticket"("firstResponseAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "firstResponseSec", "firstResponseBizSec");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_kpi_idx" ON "Ticket"("resolvedAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "resolutionSec", "resolutionBizSec");

-- CreateIndex
CREATE INDEX "Ticket_csatAt_kpi_idx" ON "Ticket"("csatAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "csatScore");

-- CreateIndex
CREATE INDEX "SlaClock_metAt_kpi_idx" ON "SlaClock"("metAt", "state", "breachedAt", "ticketId");

-- CreateIndex
CREATE INDEX "SlaClock_breachedAt_kpi_idx" ON "SlaClock"("breachedAt", "state", "ticketId");

-- CreateIndex
CREATE INDEX "CsatSurvey_sentAt_kpi_idx" ON "CsatSurvey"("sentAt", "answeredAt", "ticketId");


-- kpi_ranks(x): the median (the middle value, or the mean of the two middle ones) and the 90th
-- percentile (nearest rank) of a column as JSON text [median, p90], null over no values; SQLite
-- registers the same aggregate on its connection (core/kpis/kpi-ranks.ts).
CREATE FUNCTION "kpi_ranks_final"(double precision[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN count(*) = 0 THEN NULL ELSE
    json_build_array(percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_disc(0.9) WITHIN GROUP (ORDER BY v))::text END
  FROM unnest($1) AS u(v)
$$;

CREATE AGGREGATE "kpi_ranks"(double precision) (
  SFUNC = array_append,
  STYPE = double precision[],
  FINALFUNC = "kpi_ranks_final"
);
