// Holidays read from iCalendar text: all-day events, multi-day ones, recurring ones with their
// exceptions, what is left out, and what is refused.
import { describe, expect, it } from "vitest";
import { holidayDatesFromIcs } from "./holidays-ics.js";

/** A VCALENDAR holding the given VEVENTs, each a list of content lines. */
const ics = (...events: string[][]) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//helpdesk test//JA",
    ...events.flatMap((e) => ["BEGIN:VEVENT", ...e, "END:VEVENT"]),
    "END:VCALENDAR",
  ].join("\r\n");

const ganjitsu = ["UID:ganjitsu-2027", "DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:20270102", "SUMMARY:元日"];
const seijin = ["UID:seijin-2027", "DTSTART;VALUE=DATE:20270111", "DTEND;VALUE=DATE:20270112", "SUMMARY:成人の日"];
const kenpo = ["UID:kenpo", "DTSTART;VALUE=DATE:20260503", "DTEND;VALUE=DATE:20260504", "RRULE:FREQ=YEARLY", "SUMMARY:憲法記念日"];
const yearEnd = ["UID:nenmatsu", "DTSTART;VALUE=DATE:20261230", "DTEND;VALUE=DATE:20270101", "SUMMARY:年末休業"];
const meeting = ["UID:all-hands", "DTSTART;TZID=Asia/Tokyo:20270105T100000", "DTEND;TZID=Asia/Tokyo:20270105T110000", "SUMMARY:全体会議"];

describe("holidays from iCalendar", () => {
  it("reads all-day events, each day of a long one, yearly ones within the range, and leaves timed ones out", () => {
    expect(holidayDatesFromIcs(ics(ganjitsu, seijin, kenpo, yearEnd, meeting), { fromYear: 2026, toYear: 2028 })).toEqual([
      "2026-05-03",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-11",
      "2027-05-03",
      "2028-05-03",
    ]);
  });

  it("expands a yearly rule through the default range, 2000 to 2100", () => {
    const dates = holidayDatesFromIcs(ics(kenpo));
    expect(dates[0]).toBe("2026-05-03");
    expect(dates.at(-1)).toBe("2100-05-03");
    expect(dates).toHaveLength(75);
  });

  it("follows a rule by weekday: Coming of Age Day, the second Monday of January", () => {
    const rule = ["UID:seijin", "DTSTART;VALUE=DATE:20000110", "RRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=2MO", "SUMMARY:成人の日"];
    expect(holidayDatesFromIcs(ics(rule), { fromYear: 2027, toYear: 2029 })).toEqual(["2027-01-11", "2028-01-10", "2029-01-08"]);
  });

  it("takes one day for an event without DTEND, and each day of a DURATION", () => {
    const oneDay = ["UID:a", "DTSTART;VALUE=DATE:20270211", "SUMMARY:建国記念の日"];
    const golden = ["UID:b", "DTSTART;VALUE=DATE:20270503", "DURATION:P3D", "SUMMARY:ゴールデンウィーク"];
    expect(holidayDatesFromIcs(ics(oneDay, golden))).toEqual(["2027-02-11", "2027-05-03", "2027-05-04", "2027-05-05"]);
  });

  it("leaves out excluded, cancelled and moved occurrences, and takes the moved one's new date", () => {
    const founding = [
      "UID:founding",
      "DTSTART;VALUE=DATE:20250601",
      "RRULE:FREQ=YEARLY;COUNT=4",
      "EXDATE;VALUE=DATE:20260601",
      "SUMMARY:創立記念日",
    ];
    const moved = ["UID:founding", "RECURRENCE-ID;VALUE=DATE:20270601", "DTSTART;VALUE=DATE:20270604", "SUMMARY:創立記念日（振替）"];
    const cancelled = [
      "UID:founding",
      "RECURRENCE-ID;VALUE=DATE:20280601",
      "DTSTART;VALUE=DATE:20280601",
      "STATUS:CANCELLED",
      "SUMMARY:創立記念日",
    ];
    const off = ["UID:off", "DTSTART;VALUE=DATE:20270802", "STATUS:CANCELLED", "SUMMARY:臨時休業（中止）"];
    // The rule gives 2025, 2026, 2027 and 2028; another event's overrides leave it alone.
    const other = ["UID:other", "DTSTART;VALUE=DATE:20250901", "RRULE:FREQ=YEARLY;COUNT=2", "SUMMARY:other"];
    expect(holidayDatesFromIcs(ics(founding, moved, cancelled, off, other))).toEqual([
      "2025-06-01",
      "2025-09-01",
      "2026-09-01",
      "2027-06-04",
    ]);
  });

  it("takes an override without its recurring event as an event of its own", () => {
    const orphan = ["UID:lonely", "RECURRENCE-ID;VALUE=DATE:20270601", "DTSTART;VALUE=DATE:20270604", "SUMMARY:振替"];
    expect(holidayDatesFromIcs(ics(orphan))).toEqual(["2027-06-04"]);
  });

  it("keeps only the range's years, and each date once, in order", () => {
    const twice = ["UID:again", "DTSTART;VALUE=DATE:20270101", "SUMMARY:元日"];
    const early = ["UID:early", "DTSTART;VALUE=DATE:19991231", "DTEND;VALUE=DATE:20000102", "SUMMARY:Y2K"];
    expect(holidayDatesFromIcs(ics(seijin, ganjitsu, twice, early))).toEqual(["2000-01-01", "2027-01-01", "2027-01-11"]);
    expect(holidayDatesFromIcs(ics(seijin, ganjitsu), { fromYear: 2028, toYear: 2030 })).toEqual([]);
  });

  it("reads several calendars back to back, long folded lines and an empty calendar", () => {
    const folded = [
      "UID:folded",
      "DTSTART;VALUE=DATE:20270429",
      "SUMMARY:昭和の日（激動の日々を経て、復興を遂げた昭和の時代を顧み、国の将来に思",
      " いをいたす）",
    ];
    expect(holidayDatesFromIcs(`${ics(ganjitsu)}\r\n${ics(folded)}`)).toEqual(["2027-01-01", "2027-04-29"]);
    expect(holidayDatesFromIcs(ics())).toEqual([]);
  });

  it("says when the text is not iCalendar", () => {
    expect(() => holidayDatesFromIcs("hello")).toThrow(/^not a readable iCalendar file: invalid line/);
    expect(() => holidayDatesFromIcs("")).toThrow("not a readable iCalendar file: it does not start with BEGIN:VCALENDAR");
    expect(() => holidayDatesFromIcs(["BEGIN:VEVENT", ...ganjitsu, "END:VEVENT"].join("\r\n"))).toThrow(
      /does not start with BEGIN:VCALENDAR/,
    );
    expect(() => holidayDatesFromIcs(ics(ganjitsu).replace("END:VCALENDAR", ""))).toThrow(/^not a readable iCalendar file: .*did not end/);
    expect(() => holidayDatesFromIcs(ics([...kenpo.slice(0, 3), "RRULE:FREQ=YEARLY;BYMONTH=14"]))).toThrow(
      /^not a readable iCalendar file: .*BYMONTH/,
    );
  });

  it("names the event whose dates are wrong instead of closing some other day", () => {
    expect(() => holidayDatesFromIcs(ics(["UID:x", "DTSTART;VALUE=DATE:20271301", "SUMMARY:元日"]))).toThrow(
      'iCalendar event "元日" (UID x): DTSTART "2027-13-01" is not a real date',
    );
    expect(() => holidayDatesFromIcs(ics(["UID:y", "DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:20270230"]))).toThrow(
      'iCalendar event (UID y): DTEND "2027-02-30" is not a real date',
    );
    expect(() => holidayDatesFromIcs(ics(["SUMMARY:元日"]))).toThrow('iCalendar event "元日": it has no DTSTART');
    const badMove = ["UID:kenpo", "RECURRENCE-ID;VALUE=DATE:20270503", "DTSTART;VALUE=DATE:20270532"];
    expect(() => holidayDatesFromIcs(ics(kenpo, badMove))).toThrow(
      /^iCalendar event "憲法記念日" \(UID kenpo\): DTSTART "2027-05-32" is not a real date/,
    );
  });

  it("stops at a rule that recurs far too often to be a holiday", () => {
    const daily = ["UID:daily", "DTSTART;VALUE=DATE:20000101", "RRULE:FREQ=DAILY", "SUMMARY:毎日"];
    expect(() => holidayDatesFromIcs(ics(daily))).toThrow(
      'iCalendar event "毎日" (UID daily): it recurs more than 20000 times between its start and 2100',
    );
    expect(holidayDatesFromIcs(ics(daily), { fromYear: 2000, toYear: 2000 })).toHaveLength(366);
  });

  it("refuses a range that is not one", () => {
    expect(() => holidayDatesFromIcs(ics(ganjitsu), { fromYear: 2030, toYear: 2020 })).toThrow(RangeError);
    expect(() => holidayDatesFromIcs(ics(ganjitsu), { fromYear: 2020.5, toYear: 2030 })).toThrow(RangeError);
  });
});
