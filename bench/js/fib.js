// fib.js: recursive fib(30) — function-call and small-integer arithmetic cost.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

var total = 0;
for (var r = 0; r < 5; r++) total += fib(30);
console.log('fib ' + fib(30) + ' ' + total);
