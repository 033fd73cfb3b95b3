// The tickets behind one figure of the overview, a page at a time (keyset: "next page" carries
// where the page ended), with the same filters.
import { msg, render, type KpiFigureName, type KpiFilter, type KpiTicketRow, type Msg } from "../../../core/index.js";
import { FilterForm, type FilterChoices } from "./filter-form.js";
import { filterQuery, type DashboardQuery } from "./filters.js";
import { duration, figureTitles, priorityName, sourceName } from "./labels.js";
import { Layout, type PageFrame } from "./layout.js";
import { periodLine } from "./overview-page.js";

export interface TicketsPageProps {
  frame: PageFrame;
  query: DashboardQuery;
  figure: KpiFigureName;
  filter: KpiFilter;
  choices: FilterChoices;
  rows: KpiTicketRow[];
  next: string | null;
  /** Whether this is a later page (so a link back to the first is shown). */
  paged: boolean;
}

export function TicketsPage(props: TicketsPageProps) {
  const { frame, query: q, figure, rows } = props;
  const { f, base } = frame;
  const say = (m: Msg) => render(m, f);
  const title = say(figureTitles[figure]);
  const here = `${base}/tickets`;
  const time = (sec: number | null) => (sec === null ? "–" : duration(sec, f));
  const columns: Msg[] = [
    msg("dashboard.number"),
    msg("dashboard.subject"),
    msg("dashboard.status"),
    msg("dashboard.priority"),
    msg("dashboard.team"),
    msg("dashboard.owner"),
    msg("dashboard.source"),
    msg("dashboard.createdAt"),
    msg("dashboard.firstResponse"),
    msg("dashboard.resolution"),
    msg("dashboard.rating"),
  ];
  return (
    <Layout frame={frame} title={title}>
      <p>
        <a href={`${base}${filterQuery(q)}`}>← {say(msg("dashboard.backToOverview"))}</a>
      </p>
      <div class="toolbar">
        <div>
          <h1>{title}</h1>
          <p class="subtitle">{periodLine(frame, q, props)}</p>
        </div>
        <a class="button" href={`${base}/tickets.csv${filterQuery(q, { figure })}`} download>
          {say(msg("dashboard.downloadCsv"))}
        </a>
      </div>
      <FilterForm f={f} action={here} query={q} choices={props.choices} hidden={{ figure }} resetHref={`${here}?figure=${figure}`} />
      <div class="panel table-scroll">
        {rows.length === 0 ? (
          <p class="empty">{say(msg("dashboard.noTickets"))}</p>
        ) : (
          <table class="tickets" data-figure={figure}>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th scope="col" class={i >= 8 ? "num" : undefined}>
                    {say(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-ticket={r.id}>
                  <td>#{r.id}</td>
                  <td class="subject">{r.subject}</td>
                  <td>{r.status}</td>
                  <td>{priorityName(r.priority, f)}</td>
                  <td>{r.team ?? say(msg("dashboard.noTeam"))}</td>
                  <td>{r.owner ?? say(msg("dashboard.unassigned"))}</td>
                  <td>{sourceName(r.source, f)}</td>
                  <td>{f.dateTime(r.createdAt)}</td>
                  <td class="num">{time(r.firstResponseSec)}</td>
                  <td class="num">{time(r.resolutionSec)}</td>
                  <td class="num">{r.csatScore === null ? "–" : f.number(r.csatScore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <nav class="pager">
        {props.paged && <a href={`${here}${filterQuery(q, { figure })}`}>{say(msg("dashboard.firstPage"))}</a>}
        {props.next && (
          <a rel="next" href={`${here}${filterQuery(q, { figure, after: props.next })}`}>
            {say(msg("dashboard.nextPage"))} →
          </a>
        )}
      </nav>
    </Layout>
  );
}
