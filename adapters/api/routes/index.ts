// Every /api/v1 route, in the order the router tries them: fixed paths before "/tickets/{id}".
import type { ApiRoute } from "../route.js";
import { createTicketRoute } from "./create-ticket.js";
import { deletedTicketsRoute, listTicketsRoute, searchTicketsRoute, showTicketRoute, splitCandidatesRoute } from "./read-tickets.js";
import { enableWebhookRoute, listWebhooksRoute } from "./webhooks.js";
import { deleteTicketRoute, mergeTicketRoute, moveTicketRoute, restoreTicketRoute, splitTicketRoute } from "./reshape-ticket.js";
import {
  assignTicketRoute,
  changeStatusRoute,
  claimTicketRoute,
  commentOnTicketRoute,
  releaseTicketRoute,
  replyToTicketRoute,
  updateTicketRoute,
} from "./work-on-ticket.js";

export const apiRouteList: readonly ApiRoute[] = [
  listTicketsRoute,
  searchTicketsRoute,
  deletedTicketsRoute,
  createTicketRoute,
  showTicketRoute,
  updateTicketRoute,
  deleteTicketRoute,
  splitCandidatesRoute,
  claimTicketRoute,
  releaseTicketRoute,
  assignTicketRoute,
  replyToTicketRoute,
  commentOnTicketRoute,
  changeStatusRoute,
  mergeTicketRoute,
  splitTicketRoute,
  moveTicketRoute,
  restoreTicketRoute,
  listWebhooksRoute,
  enableWebhookRoute,
];
