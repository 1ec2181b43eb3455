// Recursion: classic functions, mutual recursion, and 5000-frame deep recursion.
function factorial(n) {
  return n <= 1 ? 1 : n * factorial(n - 1);
}
console.log(factorial(5), factorial(10), factorial(20), factorial(25));

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
console.log(fib(20));

function isEven(n) {
  return n === 0 ? true : isOdd(n - 1);
}
function isOdd(n) {
  return n === 0 ? false : isEven(n - 1);
}
console.log(isEven(100), isOdd(77), isEven(7));

function depth(n) {
  if (n === 0) return 0;
  return 1 + depth(n - 1);
}
console.log(depth(5000));

function sumTo(n, acc) {
  if (n === 0) return acc;
  return sumTo(n - 1, acc + n);
}
console.log(sumTo(5000, 0));

function deepObject(n) {
  return n === 0 ? { leaf: true } : { child: deepObject(n - 1) };
}
function measure(o) {
  return o.leaf ? 0 : 1 + measure(o.child);
}
console.log(measure(deepObject(3000)));

function hanoi(n, from, to, via, moves) {
  if (n === 0) return moves;
  hanoi(n - 1, from, via, to, moves);
  moves.push(from + to);
  hanoi(n - 1, via, to, from, moves);
  return moves;
}
console.log(hanoi(3, 'A', 'C', 'B', []).join(' '));
console.log(hanoi(10, 'A', 'C', 'B', []).length);

function permutations(arr) {
  if (arr.length <= 1) return [arr];
  const out = [];
  arr.forEach((x, i) => {
    const rest = arr.slice(0, i).concat(arr.slice(i + 1));
    for (const p of permutations(rest)) out.push([x, ...p]);
  });
  return out;
}
console.log(permutations([1, 2, 3]).map((p) => p.join('')).join(' '));

function flatten(arr) {
  return arr.reduce((acc, v) => acc.concat(Array.isArray(v) ? flatten(v) : v), []);
}
console.log(flatten([1, [2, [3, [4, [5]]]], 6]));

function ackermann(m, n) {
  if (m === 0) return n + 1;
  if (n === 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}
console.log(ackermann(2, 3));

const memo = {};
function memoFib(n) {
  if (n < 2) return n;
  if (memo[n] !== undefined) return memo[n];
  return (memo[n] = memoFib(n - 1) + memoFib(n - 2));
}
console.log(memoFib(90));
