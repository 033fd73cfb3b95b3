import type { en } from "../en/index.js";
import { apiTokens } from "./api-tokens.js";
import { assignment } from "./assignment.js";
import { card } from "./card.js";
import { chat } from "./chat.js";
import { csat } from "./csat.js";
import { customers } from "./customers.js";
import { commands, priority, queue } from "./commands.js";
import { compose } from "./compose.js";
import { dashboard } from "./dashboard.js";
import { email } from "./email.js";
import { errors } from "./errors.js";
import { fields } from "./fields.js";
import { home } from "./home.js";
import { kpis } from "./kpis.js";
import { lists } from "./lists.js";
import { manage } from "./manage.js";
import { panel } from "./panel.js";
import { sla } from "./sla.js";
import { surveyChat } from "./survey-chat.js";
import { notify, thread } from "./thread.js";
import { web } from "./web.js";
import { webhooks } from "./webhooks.js";
import { workflows } from "./workflows.js";

/** The Japanese catalogue: every area of the English one. */
export const ja: { [A in keyof typeof en]: unknown } = {
  errors,
  fields,
  chat,
  card,
  commands,
  priority,
  queue,
  thread,
  notify,
  email,
  compose,
  manage,
  home,
  lists,
  sla,
  assignment,
  workflows,
  kpis,
  surveyChat,
  csat,
  customers,
  web,
  dashboard,
  webhooks,
  apiTokens,
  panel,
};
