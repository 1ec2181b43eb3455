// Spread in calls and arrays; default and rest parameters.
function sum3(a, b, c) {
  return a + b + c;
}
const nums = [1, 2, 3];
console.log(sum3(...nums));
console.log(sum3(10, ...[20, 30]));
console.log(sum3(...'abc'));
console.log(Math.max(...[4, 9, 2], 7, ...[]));

function withDefaults(a, b = a * 2, c = a + b) {
  return [a, b, c];
}
console.log(withDefaults(1));
console.log(withDefaults(1, undefined, 5));
console.log(withDefaults(1, null));

let calls = 0;
function expensive() {
  calls++;
  return 'computed';
}
function lazyDefault(x = expensive()) {
  return x;
}
lazyDefault('given');
lazyDefault();
lazyDefault();
console.log('default evaluated', calls, 'times');

function rest(first, ...others) {
  return `${first} then ${others.length}: [${others.join(",")}]`;
}
console.log(rest(1));
console.log(rest(1, 2, 3, 4));
console.log(Array.isArray((function (...r) { return r; })()));

const restLength = (a, b, ...c) => 0;
console.log(restLength.length);

function collect(...all) {
  return all;
}
console.log(collect(...[1, 2], 3, ...[4, ...[5, 6]]));

const merged = [...[1, 2], ...new Array(2).fill('x'), ...[[3]]];
console.log(merged);

const s = 'spread';
console.log([...s].reverse().join(''));

function defaultsSeeEarlier(a, b = () => a) {
  a = 'changed';
  return b();
}
console.log(defaultsSeeEarlier('original'));

function argCount(...args) {
  return args.length;
}
console.log(argCount(...[undefined, undefined]), argCount(...[]), argCount(...[, ,]));

const copies = [1, 2, 3];
const copied = [...copies];
copied[0] = 99;
console.log(copies[0], copied[0]);

try {
  sum3(...123);
} catch (e) {
  console.log(e.constructor.name);
}
