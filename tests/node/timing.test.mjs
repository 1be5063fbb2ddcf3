// When the element shows or withdraws a field's problems ("reward early, punish late"): the rules
// of www/element/timing.js, the state machine the element runs on every input, pause and blur.
// Plain Node, no browser: a group here is only its `key` (and a tag to tell copies apart).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAUSE_MS, Timing, WHOLE_VALUE_INPUT } from '../../www/element/timing.js';

const A = { key: 'a', text: 'problem a' };
const B = { key: 'b', text: 'problem b' };
const keys = (shown) => shown.map((g) => (g.gone ? `${g.key} (gone)` : g.key));
/** A machine for the fields site and email, with `field` touched and showing `groups`. */
function showing(field, groups) {
  const timing = new Timing(['site', 'email']);
  timing.left(field);
  timing.show(field, () => groups);
  return timing;
}

test('an untouched field shows nothing, and its check is not even asked', () => {
  const timing = new Timing(['site']);
  let asked = 0;
  assert.deepEqual(timing.show('site', () => (asked++, [A])), []);
  assert.equal(asked, 0);
});

test('a non-empty starting value from the page counts as touched; an empty one does not', () => {
  const timing = new Timing(['site', 'email']);
  timing.provided('site', 'acme');
  timing.provided('email', '');
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
  assert.deepEqual(keys(timing.show('email', () => [A])), []);
});

test('typing touches the field, and waits for a pause', () => {
  const timing = new Timing(['site']);
  assert.equal(timing.input('site', 'insertText'), true, 'the element starts its pause timer');
  assert.equal(timing.touched('site'), true);
  assert.equal(timing.typing('site'), true);
});

test('a new problem does not appear while the person types, only once they pause', () => {
  const timing = showing('site', []);
  timing.input('site', 'insertText');
  assert.deepEqual(keys(timing.show('site', () => [A])), []);
  timing.paused('site');
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
});

test('typing into an empty, untouched field shows nothing until the pause', () => {
  const timing = new Timing(['site']);
  timing.input('site', 'insertText');
  assert.deepEqual(keys(timing.show('site', () => [A])), []);
  timing.paused('site');
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
});

test('a problem that is still there while the person types stays shown', () => {
  const timing = showing('site', [A]);
  timing.input('site', 'insertText');
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
});

test('a problem fixed while typing goes at once but keeps its room until the pause', () => {
  const timing = showing('site', [A, B]);
  timing.input('site', 'deleteContentBackward');
  assert.deepEqual(keys(timing.show('site', () => [B])), ['a (gone)', 'b'], 'in its place, marked gone');
  timing.paused('site');
  assert.deepEqual(keys(timing.show('site', () => [B])), ['b'], 'its room closes at the pause');
});

test('a problem fixed while typing does not come back before the pause, even if the check gives it again', () => {
  const timing = showing('site', [A]);
  timing.input('site', 'insertText');
  timing.show('site', () => []);
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a (gone)']);
  timing.paused('site');
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
});

test('while typing, what stays shown is what was shown, not a new copy of it', () => {
  const timing = showing('site', [A]);
  timing.input('site', 'insertText');
  const [kept] = timing.show('site', () => [{ key: 'a', text: 'newer wording' }]);
  assert.equal(kept, A);
});

for (const inputType of ['insertFromPaste', 'insertFromDrop', 'insertReplacementText', 'insertFromYank']) {
  test(`a whole value (${inputType}) is checked at once, even in the middle of typing`, () => {
    const timing = showing('site', []);
    timing.input('site', 'insertText');
    assert.equal(timing.input('site', inputType), false, 'no pause timer');
    assert.equal(timing.typing('site'), false);
    assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
  });
}

test('only those input types count as a whole value', () => {
  for (const inputType of ['insertText', 'insertCompositionText', 'deleteContentBackward', 'insertFromPasteAsQuotation', '']) {
    assert.equal(WHOLE_VALUE_INPUT.test(inputType), false, inputType);
  }
});

test('leaving the field (blur, Enter, a suggestion taken) touches it and shows its problems at once', () => {
  const untouched = new Timing(['site']);
  untouched.left('site');
  assert.deepEqual(keys(untouched.show('site', () => [A])), ['a']);

  const typing = showing('site', []);
  typing.input('site', 'insertText');
  typing.left('site');
  assert.deepEqual(keys(typing.show('site', () => [A])), ['a']);
});

test('fields are timed apart: typing in one holds back no other', () => {
  const timing = showing('site', []);
  timing.left('email');
  timing.input('site', 'insertText');
  assert.deepEqual(keys(timing.show('email', () => [B])), ['b']);
  assert.deepEqual(keys(timing.show('site', () => [A])), []);
});

test('when the element leaves the page, nobody is typing any more', () => {
  const timing = showing('site', []);
  timing.input('site', 'insertText');
  timing.stopAll();
  assert.equal(timing.typing('site'), false);
  assert.deepEqual(keys(timing.show('site', () => [A])), ['a']);
});

test('the pause is one second (README: "once you pause (about a second)")', () => {
  assert.equal(PAUSE_MS, 1000);
});
