// Reads an iCalendar file on stdin with ical.js (the parser of Thunderbird and Nextcloud)
// and prints, as JSON, each event's UID, start and end as UTC ISO instants, resolving
// TZID references through the file's own VTIMEZONE components as those clients do.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
});
process.stdout.write(JSON.stringify(events));
