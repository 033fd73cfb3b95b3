// The SLA clock's timer: when it fires, the ticket's clocks are settled again (clocks.ts), which
// fires what is due and schedules what comes next. A timer for a clock that was met, paused or
// moved meanwhile finds nothing due and does nothing.
import type { JobHandlers } from "../jobs/run-jobs.js";
import { settleSla, slaTimerTopic } from "./clocks.js";

export const slaJobs: JobHandlers = {
  [slaTimerTopic]: async (tx, job, deps) => {
    if (job.ticketId !== null) await settleSla(tx, deps, job.ticketId, { key: job.key });
  },
};
