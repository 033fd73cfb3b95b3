// The jobs the core runs itself, by topic: every replica's worker has the same handlers.
import type { JobHandlers } from "./run-jobs.js";
import { slaJobs } from "../sla/sla-jobs.js";
import { workflowJobs } from "../workflows/run-workflows.js";

export const coreJobs: JobHandlers = { ...slaJobs, ...workflowJobs };
