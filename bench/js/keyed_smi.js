// keyed_smi.js: keyed loads and stores on an array of small integers.
const n = 10000;
const a = [];
for (let i = 0; i < n; i++) a.push(i % 100);
let total = 0;
for (let round = 0; round < 1200; round++) {
  for (let i = 1; i < n; i++) a[i] = (a[i - 1] + a[i]) % 1000;
  total += a[n - 1];
}
console.log(total);
