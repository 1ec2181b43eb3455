// keyed_double.js: keyed loads and stores on an array of doubles.
const n = 10000;
const a = [];
for (let i = 0; i < n; i++) a.push(i * 0.5 + 0.25);
let total = 0;
for (let round = 0; round < 1200; round++) {
  for (let i = 1; i < n; i++) a[i] = a[i - 1] * 0.5 + a[i] * 0.25;
  total += a[n - 1];
}
console.log(total.toFixed(6));
