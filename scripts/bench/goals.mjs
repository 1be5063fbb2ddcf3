// Issue 28's goals for the figures it measures "as people feel it" (part 5, and its goals table),
// in one place: the table of npm run bench (run.mjs) and the medians across runs (medians.mjs)
// both judge against these.

export const GOALS = Object.freeze({
  chromium: Object.freeze({ checksReadyMinusBareMs: 30 }),
  // Issue 37: 30 ms in Firefox ESR too (issue 28's was 45).
  firefox: Object.freeze({ checksReadyMinusBareMs: 30 }),
  /** Layout shift while the module arrives (issue 37). */
  layoutShift: 0,
  /** The form interactive ÷ the bare page's load, both engines. */
  interactiveRatio: 1.05,
  /** Click to verdict, this build's median minus the one from before the split. */
  verdictSlowerByMs: 10,
  /** Keystroke p99 in Chromium, µs, in every run. */
  keystrokeP99Us: 150,
});
