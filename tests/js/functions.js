// Function declarations, expressions, hoisting, return values, name and length.
console.log(add(2, 3));
function add(a, b) {
  return a + b;
}

const square = function (x) {
  return x * x;
};
console.log(square(7));

const fact = function inner(n) {
  return n <= 1 ? 1 : n * inner(n - 1);
};
console.log(fact(10));
console.log(typeof inner);

function noReturn() {}
console.log(noReturn());

function emptyReturn() {
  return;
}
console.log(emptyReturn());

function tooFew(a, b, c) {
  return [a, b, c];
}
console.log(tooFew(1));
console.log(tooFew(1, 2, 3, 4));

console.log(add.name, add.length);
console.log(square.name, square.length);
console.log(fact.name);
console.log((function () {}).name === '');
console.log(((a, b, c) => 0).length);
console.log(function (a, b = 1, c) {}.length);

function higher(f) {
  return function (x) {
    return f(f(x));
  };
}
console.log(higher(square)(3));

function makeAdder(n) {
  return (x) => x + n;
}
const adders = [1, 10, 100].map(makeAdder);
console.log(adders.map((f) => f(5)));

const immediate = (function (x) {
  return x * 3;
})(14);
console.log(immediate);

function counter() {
  counter.calls = (counter.calls || 0) + 1;
  return counter.calls;
}
counter();
counter();
console.log(counter(), typeof counter, counter instanceof Function);

const obj = {
  method() {
    return 'method';
  },
};
console.log(obj.method(), obj.method.name);
