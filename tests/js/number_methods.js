// Number.prototype.toString(radix), toFixed, isInteger, parseInt/parseFloat.
console.log((255).toString(16), (255).toString(2), (255).toString(36), (-255).toString(16));
console.log((0.5).toString(2), (0.25).toString(2), (0.1).toString(2).slice(0, 20), (0.75).toString(16));
console.log((3.5).toString(8), (-0.5).toString(2), (10.5).toString(16), (1 / 3).toString(3));
console.log((35).toString(36), (36).toString(36), (2 ** 32).toString(16), (2 ** 53).toString(36));
console.log((0).toString(2), (-0).toString(2), NaN.toString(16), Infinity.toString(2));
console.log((123.456).toString(), (1e21).toString(10), (100).toString(10));
try {
  (10).toString(1);
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

console.log((1.005).toFixed(2), (1.5).toFixed(0), (2.5).toFixed(0), (-1.5).toFixed(0), (0.000001).toFixed(7));
console.log((123.456).toFixed(1), (0).toFixed(2), (-0).toFixed(2), (1e21).toFixed(2), (42).toFixed());
console.log((0.1 + 0.2).toFixed(10), (1234.5678).toFixed(3), (9.995).toFixed(2), (-0.0001).toFixed(2));
console.log((123.456).toPrecision(4), (0.00012).toPrecision(2), (123456).toPrecision(2), (1.5).toPrecision(1));
console.log((12345.6789).toExponential(2), (0).toExponential(), (255).toExponential(1));

console.log(Number.isInteger(5), Number.isInteger(5.5), Number.isInteger('5'), Number.isInteger(-0), Number.isInteger(Infinity));
console.log(Number.isInteger(2 ** 60), Number.isSafeInteger(2 ** 53 - 1), Number.isSafeInteger(2 ** 53));
console.log(Number.isNaN(NaN), Number.isNaN('NaN'), isNaN('NaN'), Number.isFinite(1e308), Number.isFinite(null));

console.log(parseInt('42'), parseInt('  42px'), parseInt('px42'), parseInt('-17.9'), parseInt('0x1F'));
console.log(parseInt('ff', 16), parseInt('FF', 16), parseInt('101', 2), parseInt('z', 36), parseInt('777', 8));
console.log(parseInt('0x10', 16), parseInt('0x10', 10), parseInt('12', 3), parseInt('9', 8), parseInt(''));
console.log(parseInt('10', 37), parseInt('10', 1), parseInt('10', 0), parseInt(' +5'), parseInt('-0'));
console.log(parseInt(0.0000005), parseInt(1e21), parseInt(null), parseInt('Infinity'), parseInt('123abc', 36));
console.log(parseFloat('3.14'), parseFloat('  3.14abc'), parseFloat('.5'), parseFloat('-.5e2'), parseFloat('abc'));
console.log(parseFloat('1e400'), parseFloat('Infinityx'), parseFloat('-0'), parseFloat('0x10'), parseFloat('1.2.3'));
console.log(Number.parseInt === parseInt, Number.parseFloat === parseFloat);

console.log(Number(42).toString() === '42', (42).valueOf(), typeof new Number(5), new Number(5) + 1);
console.log(Number.MAX_SAFE_INTEGER.toString(16), (-1 >>> 0).toString(2).length);
console.log(5..toString(), 5 .toFixed(1), (5).toString(10.9));

function hex(n) {
  return '0x' + n.toString(16).toUpperCase().padStart(8, '0');
}
console.log(hex(3735928559), hex(255), hex(0));
const money = 1234567.891;
console.log(money.toFixed(2), Math.round(money * 100) / 100, Math.trunc(money));
