const DAY_MS = 24 * 60 * 60 * 1000;
const ZERO = '0'.charCodeAt(0);

/** The characters of the time being written, rewritten in place for each one. */
const chars = [...'0000-00-00T00:00:00.000Z'].map((char) => char.charCodeAt(0));
/** `YYYY-MM-DD` by day since 1970, as character codes: seeded times spread over a year. */
const dates = new Map<number, number[]>();

/**
 * `new Date(ms).toISOString()`, several times faster, and one flat string rather than a rope of
 * pieces, which is quicker to sort and to write out. Seeding 100,000 trigger sources makes
 * 340,000 of them.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dates.get(day);
  if (date === undefined) {
    const iso = new Date(day * DAY_MS).toISOString();
    // Years before 0 or after 9999 have longer forms.
    if (iso.length !== chars.length) return new Date(ms).toISOString();
    dates.set(day, (date = [...iso.slice(0, 10)].map((char) => char.charCodeAt(0))));
  }
  for (let i = 0; i < date.length; i++) chars[i] = date[i];
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  writeDigits(11, Math.floor(seconds / 3600), 2);
  writeDigits(14, Math.floor(seconds / 60) % 60, 2);
  writeDigits(17, seconds % 60, 2);
  writeDigits(20, inDay % 1000, 3);
  return String.fromCharCode(...chars);
}

function writeDigits(at: number, value: number, width: number): void {
  for (let i = width - 1; i >= 0; i--, value = Math.floor(value / 10)) chars[at + i] = ZERO + (value % 10);
}
