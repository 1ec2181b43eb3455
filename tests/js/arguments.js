// The arguments object: length, indexing, mapping in sloppy mode, conversion.
function count() {
  return arguments.length;
}
console.log(count(), count(1), count(1, 2, 3), count(undefined), count(...[1, 2]));

function list() {
  const out = [];
  for (let i = 0; i < arguments.length; i++) out.push(arguments[i]);
  return out;
}
console.log(list('a', 'b', 'c'));

function sumAll() {
  let total = 0;
  for (const v of arguments) total += v;
  return total;
}
console.log(sumAll(1, 2, 3, 4, 5));

function toArray() {
  return [Array.from(arguments), Array.prototype.slice.call(arguments, 1), [...arguments]];
}
console.log(toArray(1, 2, 3));

function kind() {
  return [typeof arguments, Array.isArray(arguments), Object.prototype.toString.call(arguments)];
}
console.log(kind());

function unmapped(a) {
  'use strict';
  arguments[0] = 'changed';
  return a;
}
console.log(unmapped('strict keeps original'));

function withDefault(a = 1) {
  arguments[0] = 'changed';
  return a;
}
console.log(withDefault('defaults disable mapping'));

function extra(a) {
  return [a, arguments[1], arguments.length, arguments[5]];
}
console.log(extra(1, 2, 3));

function outer() {
  function inner() {
    return arguments.length;
  }
  return inner() + ':' + arguments.length;
}
console.log(outer(1, 2));

function forward() {
  return list.apply(null, arguments);
}
console.log(forward('x', 'y'));

function calleeName() {
  return arguments.callee === calleeName;
}
console.log(calleeName());

function lengthWrite() {
  arguments.length = 1;
  return Array.from(arguments);
}
console.log(lengthWrite(1, 2, 3));
