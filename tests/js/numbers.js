// Number edge cases: Smi overflow into doubles, -0, NaN, Infinity, precision, printing.
const smiMax = 2 ** 30 - 1;
console.log(smiMax, smiMax + 1, 2 ** 30, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 32);
console.log(1073741823 + 1, 2147483647 + 1, -2147483648 - 1, 65536 * 65536);
let acc = 1;
for (let i = 0; i < 40; i++) acc *= 2;
console.log(acc, acc / 2 ** 20);
let counter = 2 ** 30 - 3;
for (let i = 0; i < 5; i++) counter++;
console.log(counter);

console.log(-0, 0 * -1, -0 + 0, -0 - 0, String(-0), `${-0}`, [-0] + '', JSON.stringify(-0));
console.log(1 / -0, 1 / 0, -1 / 0, Object.is(-0, 0), -0 === 0);
console.log(Math.round(-0.4), -5 % 5, 0 / -3);

console.log(NaN, 0 / 0, NaN === NaN, isNaN('abc'), Number.isNaN('abc'), typeof NaN);
console.log(Infinity - Infinity, Infinity * 0, Infinity + 1, -Infinity);

console.log(0.1 + 0.2, 0.1 + 0.2 === 0.3, 0.3 - 0.1, 1 / 3, 2 / 3, 10 / 3);
console.log(1e21, 1e20, 123456789012345680000, 1e-6, 1e-7, 0.000001234, 1.5e-10);
console.log(2 ** 53, 2 ** 53 + 1, 9007199254740993, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
console.log(Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, Number.MAX_VALUE * 2);
console.log(123.456, 100, 1.0, 1.50, -1.25e3, 0xff, 0o17, 0b101, 1_000_000);
console.log(5e-324, 5e-324 / 2, 1.7976931348623157e308);
console.log(4.35 * 100, 1.005 * 1000, 3 * 1.1, 0.1 * 3);
console.log(7 / 2, -7 / 2, 2 ** 0.5, 10 ** 21, 2 ** -3);
console.log(String(1e21), String(123e-20), (1e21).toString(), (25).toString());
console.log(Number('  12  '), Number(''), Number('0x1f'), Number('1e3'), Number('abc'), Number('-0'));
console.log(Number(null), Number(undefined), Number(true), Number([]), Number(['5']), Number('12px'));
console.log(Number('Infinity'), Number('-Infinity'), Number('infinity'), Number('.5'), Number('5.'));
console.log(0.1 * 0.2, 100 / 7, 1e300 * 1e10, -1e300 * 1e10, 1 - 0.9);
console.log(Number.isInteger(5.0), Number.isSafeInteger(2 ** 53), Number.isFinite('5'), isFinite('5'));
