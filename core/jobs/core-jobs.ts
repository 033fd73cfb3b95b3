// The jobs the core runs itself, by topic: every replica's worker has the same handlers.
import type { JobHandlers } from "./run-jobs.js";
import { slaJobs } from "../sla/sla-jobs.js";

export const coreJobs: JobHandlers = { ...slaJobs };
