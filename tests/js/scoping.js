// var hoisting, let/const block scope, and temporal-dead-zone errors.
console.log(typeof hoisted, hoisted);
var hoisted = 'now set';
console.log(hoisted);

function varIsFunctionScoped() {
  if (true) {
    var inside = 'function-scoped';
  }
  return inside;
}
console.log(varIsFunctionScoped());

let shadowed = 'outer';
{
  let shadowed = 'inner';
  console.log(shadowed);
}
console.log(shadowed);

try {
  console.log(early);
  let early = 1;
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

try {
  typeof later;
  const later = 2;
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

console.log(typeof neverDeclared);
try {
  neverDeclared + 1;
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

const fixed = 10;
try {
  fixed = 11;
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}
console.log(fixed);

const box = { n: 1 };
box.n = 2;
console.log(box.n);

function readsLaterLet() {
  return laterLet * 2;
}
let laterLet = 21;
console.log(readsLaterLet());

let count = 0;
for (let count = 5; count < 7; count++) {}
console.log(count);

var redeclared = 1;
var redeclared;
console.log(redeclared);
