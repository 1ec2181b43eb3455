// closures.js: closures created in loops, higher-order functions, and
// forEach/map/filter/reduce with arrow functions.
function makeCounter(start) {
  var n = start;
  return { inc: function () { return ++n; }, get: () => n };
}
function makeAdder(k) {
  return (x) => x + k;
}
function compose(f, g) {
  return (x) => f(g(x));
}

var total = 0;
for (var round = 0; round < 4000; round++) {
  var adders = [];
  for (var i = 0; i < 100; i++) adders.push(makeAdder(i));
  var composed = adders.reduce((f, g) => compose(f, g), (x) => x);
  total = (total + composed(round)) | 0;

  var c = makeCounter(round);
  var data = [];
  for (var j = 0; j < 1000; j++) data.push(c.inc());
  var mapped = data.map((v, idx) => v * 2 + idx).filter((v) => v % 3 !== 0);
  var acc = 0;
  mapped.forEach((v) => { acc = (acc + v) | 0; });
  total = (total + acc + mapped.reduce((a, b) => a + b, 0) + c.get()) | 0;
}
console.log('closures ' + total);
