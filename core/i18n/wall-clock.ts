// Instants as a time zone's wall clock ("2026-01-05 18:00"), for text that shows many of them: a
// CSV of thousands of tickets. Intl works the offset out on every call (a few µs, and forty times
// that when a formatter is built per call); here it is asked once per UTC hour a value falls in,
// and the wall clock is then the instant shifted by it. One clock per zone serves every reader.

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
/** The furthest instant from 1970 a Date holds, either way. */
const maxTime = 8.64e15;
/** Hours whose offset is kept; past this the memory starts afresh (a long-lived reader's). */
const maxHours = 10_000;

/** Zones whose clock is kept; past this they start afresh. */
const maxZones = 100;
const clocks = new Map<string, WallClock>();

/** The zone's clock, shared: what it learnt of the offsets serves the next reader too. */
export function wallClock(timeZone: string): WallClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    if (clocks.size >= maxZones) clocks.clear();
    clock = new WallClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

export class WallClock {
  readonly #parts: Intl.DateTimeFormat;
  /** Offset in ms by UTC hour; null: the offset changes within that hour. */
  readonly #byHour = new Map<number, number | null>();
  #day = Number.NaN;
  #dayText = "";

  constructor(readonly timeZone: string) {
    this.#parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  }

  /** "YYYY-MM-DD HH:mm" on the zone's wall clock. */
  dateTime(at: Date): string {
    const local = this.#localTime(at);
    const day = Math.floor(local / dayMs);
    return `${this.#dateOf(day)} ${clockTimes[Math.floor((local - day * dayMs) / minuteMs)]}`;
  }

  /** "YYYY-MM-DD": the zone's calendar day at the instant. */
  date(at: Date): string {
    return this.#dateOf(Math.floor(this.#localTime(at) / dayMs));
  }

  /**
   * The text of a local day (days since 1970-01-01 on the wall clock), the last one kept: a CSV's
   * rows come in time order, most of them on the day of the row before.
   */
  #dateOf(day: number): string {
    if (day !== this.#day) {
      this.#dayText = isoDate(new Date(day * dayMs));
      this.#day = day;
    }
    return this.#dayText;
  }

  /** The zone's offset from UTC at `t` (ms): the hour's, where it holds the whole hour. */
  offsetAt(t: number): number {
    const hour = Math.floor(t / hourMs);
    let offset = this.#byHour.get(hour);
    if (offset === undefined) {
      // Clocks change at most once within an hour: the same offset at both ends holds between them.
      // (The ends stay within the dates a Date can hold.)
      const first = this.#exactOffset(Math.max(hour * hourMs, -maxTime));
      offset = first === this.#exactOffset(Math.min(hour * hourMs + hourMs - 1, maxTime)) ? first : null;
      if (this.#byHour.size >= maxHours) this.#byHour.clear();
      this.#byHour.set(hour, offset);
    }
    return offset ?? this.#exactOffset(t);
  }

  /** The instant shifted by the offset (ms): read as UTC, it is the wall clock's time. */
  #localTime(at: Date): number {
    const t = at.getTime();
    const local = Number.isFinite(t) ? t + this.offsetAt(t) : Number.NaN;
    // Not a date, or past the dates a Date holds once shifted (within a day of the furthest).
    if (!(Math.abs(local) <= maxTime)) throw new RangeError("not a valid date");
    return local;
  }

  #exactOffset(t: number): number {
    const f: Record<string, number> = {};
    let beforeChrist = false;
    for (const p of this.#parts.formatToParts(t)) {
      if (p.type === "era") beforeChrist = p.value === "BC";
      else if (p.type !== "literal") f[p.type] = Number(p.value);
    }
    // Intl counts years by era (1 BC is the year 0); Date.UTC would read 0–99 as 1900–1999.
    const wall = new Date(0).setUTCFullYear(beforeChrist ? 1 - f.year! : f.year!, f.month! - 1, f.day!);
    return wall + ((f.hour! * 60 + f.minute!) * 60 + f.second!) * 1000 - (t - mod(t, 1000));
  }
}

const mod = (a: number, b: number) => ((a % b) + b) % b;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** "HH:mm" of each minute of a day. */
const clockTimes = Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);

function isoDate(local: Date): string {
  const y = local.getUTCFullYear();
  // Years past 0000–9999 as ISO 8601 writes them: a sign and six digits.
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, "0") : `${y < 0 ? "-" : "+"}${String(Math.abs(y)).padStart(6, "0")}`;
  return `${year}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}
