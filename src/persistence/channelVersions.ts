// Channel versions that no two branches of a thread share. LangGraph's default (`current + 1`)
// hands a fork the very numbers its original branch already used, and channel values are stored
// once per (thread, checkpoint_ns, channel, version): the fork would rewrite the original branch.
// So each version is the next counter plus a random fraction, as LangGraph's Python Postgres and
// SQLite savers do. Ours stay numbers, where those savers write zero-padded strings: LangGraph.js
// types a graph's checkpointer as one with number versions, and threads written by earlier
// versions of this saver hold plain integers, which a string would be compared with wrongly
// (`maxChannelVersion` compares a number and a string as strings: "9" > "0…10").

import { invalidInput } from "./errors";

/** The fraction has this many random bits: exact in a double while the counter stays below 2^20. */
const FRACTION_BITS = 32;

/** The version after `current`: its counter plus one, with a random fraction. */
export function nextChannelVersion(current: number | undefined): number {
  if (current !== undefined && (typeof current !== "number" || !Number.isFinite(current) || current < 0)) {
    throw invalidInput(
      `Channel version ${JSON.stringify(current)} is not one the workspace checkpointer writes (a number). ` +
        `The checkpoint was written by another checkpointer: continue the thread with that checkpointer, or start a new thread.`,
    );
  }
  return Math.floor(current ?? 0) + 1 + randomFraction();
}

/** In (0, 1) and never 0: a version never equals the plain integer an earlier saver wrote. */
function randomFraction(): number {
  const scale = 2 ** FRACTION_BITS;
  return (1 + Math.floor(Math.random() * (scale - 1))) / scale;
}
