// The hand-written reader of store items' times in db.json agrees with `new Date(text)`: on toISOString() output
// across the years a Date can hold in that form, and on text that is not such output.
import { expect, it } from "vitest";
import { timeOfIso } from "../../../src/persistence/dates";

const same = (text: string) => {
  const ours = timeOfIso(text);
  const theirs = new Date(text).getTime();
  return Number.isNaN(ours) ? Number.isNaN(theirs) : ours === theirs;
};

it("reads toISOString() output as new Date() does, years 0000 to 9999", () => {
  const first = Date.UTC(0, 0, 1) - 1900 * 365.2425 * 86_400_000; // about year 0
  const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 100_000; i++) {
    const text = new Date(first + Math.floor(random() * (last - first))).toISOString();
    if (!same(text)) expect.fail(`timeOfIso("${text}") is ${new Date(timeOfIso(text)).toISOString()}`);
  }
  for (const text of [
    "2024-02-29T23:59:59.999Z",
    "2000-02-29T00:00:00.000Z",
    "1970-01-01T00:00:00.000Z",
    "1969-12-31T23:59:59.999Z",
    "0050-06-15T12:00:00.000Z",
    new Date().toISOString(),
  ]) {
    expect(new Date(timeOfIso(text)).toISOString()).toBe(text);
  }
});

it("leaves anything else to new Date(): impossible dates, other forms, garbage", () => {
  for (const text of [
    "2023-02-29T00:00:00.000Z",
    "1900-02-29T00:00:00.000Z",
    "2026-04-31T00:00:00.000Z",
    "2026-13-01T00:00:00.000Z",
    "2026-00-10T00:00:00.000Z",
    "2026-01-01T24:00:00.000Z",
    "2026-01-01T23:60:00.000Z",
    "2026-01-01T23:59:60.000Z",
    "2026-01-01 12:00:00.000Z",
    "2026-01-01T12:00:00.000+01:00",
    "2026-01-01T12:00:00Z",
    "+012026-01-01T00:00:00.000Z",
    "2026-0a-01T00:00:00.000Z",
    "2026-01-01T00:00:00.00xZ",
    "",
    "yesterday",
  ]) {
    if (!same(text)) expect.fail(`timeOfIso("${text}") is ${timeOfIso(text)}, new Date() gives ${new Date(text).getTime()}`);
  }
});
