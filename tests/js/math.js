// Math functions: rounding (incl. -0.5), min/max edge cases, pow, sqrt, trunc, sign, hypot.
console.log(Math.floor(1.7), Math.floor(-1.2), Math.floor(-0), Math.floor(5));
console.log(Math.ceil(1.2), Math.ceil(-1.7), Math.ceil(-0.5), Math.ceil(7));
console.log(Math.round(0.5), Math.round(1.5), Math.round(2.5), Math.round(-0.5), Math.round(-1.5), Math.round(-2.5));
console.log(Math.round(-0.4), Math.round(0.49999999999999994), Math.round(2 ** 52 + 0.5), Math.round(-0.6));
console.log(Math.max(), Math.min(), Math.max(1, 3, 2), Math.min(1, 3, 2), Math.max(1, NaN), Math.min('7', 3));
console.log(Math.max(-0, 0), Math.min(0, -0), Math.max([5]), Math.max([1, 2]), Math.max(null, -1));
console.log(Math.abs(-5), Math.abs(5), Math.abs(-0), Math.abs('-3'), Math.abs(null), Math.abs(undefined));
console.log(Math.pow(2, 10), Math.pow(2, 0.5), Math.pow(-8, 1 / 3), Math.pow(0, 0), Math.pow(NaN, 0));
console.log(Math.pow(2, -2), Math.pow(-2, 3), Math.pow(1, Infinity), Math.pow(-0, -1), Math.pow(0, -1));
console.log(Math.sqrt(16), Math.sqrt(2), Math.sqrt(-1), Math.sqrt(-0), Math.sqrt(Infinity), Math.cbrt(27));
console.log(Math.trunc(4.7), Math.trunc(-4.7), Math.trunc(-0.2), Math.trunc('12.9'), Math.trunc(NaN));
console.log(Math.sign(-3), Math.sign(3), Math.sign(0), Math.sign(-0), Math.sign(NaN), Math.sign('-2'));
console.log(Math.hypot(3, 4), Math.hypot(), Math.hypot(-5), Math.hypot(1, 2, 2), Math.hypot(3, 4, NaN));
console.log(Math.hypot(Infinity, NaN), Math.hypot(1e200, 1e200) > 1e200);
console.log(Math.PI, Math.E, Math.SQRT2, Math.LN2, Math.LN10, Math.LOG2E);
console.log(Math.sin(0), Math.cos(0), Math.tan(0), Math.atan2(1, 1) * 4, Math.atan2(0, -0));
console.log(Math.exp(0), Math.log(1), Math.log(Math.E), Math.log(0), Math.log(-1), Math.log10(1000), Math.log2(8));
console.log(Math.fround(5.5), Math.fround(5.05), Math.fround(2 ** 128), Math.clz32(1000));
console.log(typeof Math, String(Math), Object.prototype.toString.call(Math));

function roundTo(n, digits) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
console.log(roundTo(3.14159, 2), roundTo(2.675, 2), roundTo(-1.005, 2));

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
console.log(clamp(5, 0, 10), clamp(-5, 0, 10), clamp(50, 0, 10));

const values = [3, -7, 12.5, 0, -0.5];
console.log(values.map(Math.abs), values.map(Math.sign), values.map(Math.floor));
console.log(Math.max(...values), Math.min(...values));

let total = 0;
for (let i = 1; i <= 10; i++) total += Math.sqrt(i * i);
console.log(total);
console.log(Math.floor(7 / 2), Math.floor(-7 / 2), Math.trunc(-7 / 2), (-7 / 2) | 0);
console.log(Math.round(1234.5678 * 100) / 100, Math.floor(-0.0), 1 / Math.round(-0.2));
