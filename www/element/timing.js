// When a field's problems are shown or withdrawn: "reward early, punish late". A pure state
// machine, no DOM and no timers (the element runs the pause timer and tells it when the pause
// came), so that tests/node/timing.test.mjs can hold it to its rules in Node:
//
// - A field nobody has touched shows nothing. Typing in it, leaving it, pressing Enter in it or
//   taking a suggested correction touches it; so does a non-empty starting value from the page.
// - While a person types, nothing new appears until they pause (PAUSE_MS) or leave the field.
// - What they fix while typing goes at once, but keeps its room (`gone`) until the pause, so the
//   fields below do not move; it does not come back before the pause either.
// - A value that arrives whole (a paste, a drop, an autocorrect) is checked at once.

/** How long a person may pause while typing before a new problem in that field is shown. */
export const PAUSE_MS = 1000;

/** Input types that deliver a whole value at once: checked at once, not after a pause. */
export const WHOLE_VALUE_INPUT = /^(insertFromPaste|insertFromDrop|insertReplacementText|insertFromYank)$/;

/**
 * One message group, as far as timing goes: `key` says which problem it is (the same problem
 * keeps its key); the element's groups carry more, which this passes through untouched.
 * @typedef {{ key: string, gone?: boolean }} Group
 */

export class Timing {
  #touched = {};
  #typing = new Set();
  /** What each field shows now: groups, each possibly `gone`. */
  #shown = {};

  /** `fields`: the names of the fields it times. */
  constructor(fields) {
    for (const f of fields) {
      this.#touched[f] = false;
      this.#shown[f] = [];
    }
  }

  touched(field) {
    return this.#touched[field];
  }

  typing(field) {
    return this.#typing.has(field);
  }

  /** The page set the field's value (an attribute): a non-empty value counts as touched. */
  provided(field, value) {
    this.#touched[field] = value !== '';
  }

  /** An input event of `inputType` in the field. True when its problems now wait for a pause
   *  (start the pause timer); false when they are to show at once. */
  input(field, inputType = '') {
    this.#touched[field] = true;
    if (WHOLE_VALUE_INPUT.test(inputType)) {
      this.#typing.delete(field);
      return false;
    }
    this.#typing.add(field);
    return true;
  }

  /** The person paused (the timer ran out): the field shows what its check says now. */
  paused(field) {
    this.#typing.delete(field);
  }

  /** The person left the field, pressed Enter in it, or took a suggested correction for it. */
  left(field) {
    this.#touched[field] = true;
    this.#typing.delete(field);
  }

  /** The element left the page: nobody is typing any more. */
  stopAll() {
    this.#typing.clear();
  }

  /**
   * What the field shows, given the groups its check gives now (`groupsNow()`, asked only for a
   * touched field). Remembered, as the start of the next call.
   * @param {string} field
   * @param {() => Group[]} groupsNow
   * @returns {Group[]}
   */
  show(field, groupsNow) {
    const next = this.#touched[field] ? groupsNow() : [];
    let shown;
    if (!this.#typing.has(field)) shown = next;
    else {
      // While the person types: nothing new until they pause; what they fixed goes at once, but
      // keeps its room until the pause, so the fields below do not move.
      const present = new Set(next.map((g) => g.key));
      shown = this.#shown[field].map((g) => (present.has(g.key) ? g : { ...g, gone: true }));
    }
    this.#shown[field] = shown;
    return shown;
  }
}
