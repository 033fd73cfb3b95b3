// Instants as a time zone's wall clock ("2026-01-05 18:00"), for text that shows many of them: a
// CSV of thousands of tickets. Intl works the offset out on every call (a few µs, and forty times
// that when a formatter is built per call); here it is asked once per UTC hour a value falls in,
// and the wall clock is then the instant shifted by it. One clock per zone serves every reader.

const hourMs = 3_600_000;
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
    });
  }

  /** "YYYY-MM-DD HH:mm" on the zone's wall clock. */
  dateTime(at: Date): string {
    const local = this.#local(at);
    return `${isoDate(local)} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  }

  /** "YYYY-MM-DD": the zone's calendar day at the instant. */
  date(at: Date): string {
    return isoDate(this.#local(at));
  }

  /** The zone's offset from UTC at `t` (ms): the hour's, where it holds the whole hour. */
  offsetAt(t: number): number {
    const hour = Math.floor(t / hourMs);
    let offset = this.#byHour.get(hour);
    if (offset === undefined) {
      const first = this.#exactOffset(hour * hourMs);
      // Clocks change at most once within an hour: the same offset at both ends holds between them.
      offset = first === this.#exactOffset(hour * hourMs + hourMs - 1) ? first : null;
      if (this.#byHour.size >= maxHours) this.#byHour.clear();
      this.#byHour.set(hour, offset);
    }
    return offset ?? this.#exactOffset(t);
  }

  /** The instant shifted by the offset: its UTC fields are the wall clock's. */
  #local(at: Date): Date {
    const t = at.getTime();
    if (!Number.isFinite(t)) throw new RangeError("not a valid date");
    return new Date(t + this.offsetAt(t));
  }

  #exactOffset(t: number): number {
    const f: Record<string, number> = {};
    for (const p of this.#parts.formatToParts(t)) if (p.type !== "literal") f[p.type] = Number(p.value);
    const wall = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
    // Intl shows whole seconds: compare with the instant cut to its second.
    return wall - (t - mod(t, 1000));
  }
}

const mod = (a: number, b: number) => ((a % b) + b) % b;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function isoDate(local: Date): string {
  return `${String(local.getUTCFullYear()).padStart(4, "0")}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}
