// Bitwise operators and shifts, including negatives, ToInt32/ToUint32 wrapping.
console.log(5 & 3, 5 | 3, 5 ^ 3, ~5, ~-1, ~0, ~~3.7, ~~-3.7);
console.log(-8 >> 1, -8 >>> 1, -8 << 1, -1 >>> 0, -1 >> 31, -1 >>> 31);
console.log(1 << 31, 1 << 32, 1 << 33, 1 >> 32, 2 ** 31 >> 0, 2 ** 31 >>> 0);
console.log(2 ** 32 | 0, 2 ** 31 | 0, (2 ** 32 + 5) | 0, -(2 ** 31) | 0, (2 ** 31 - 1) | 0);
console.log(3.7 | 0, -3.7 | 0, NaN | 0, Infinity | 0, -Infinity | 0, '12' | 0, 'x' | 0);
console.log(0xffffffff, 0xffffffff | 0, 0xffffffff >>> 0, 0x80000000 | 0);
console.log(-5 & 0xff, -5 | 0, -5 ^ 0, -5 >>> 0, -5 >> 2, -5 >>> 28);
console.log(5 & -2, 6 & -6, -16 | 3, -1 ^ 0x0f0f0f0f);
console.log(1 << -1, 1 << 31 >> 31, 1 << 31 >>> 31, 16 >> 2.9);
console.log(1e21 | 0, 1e10 | 0, -1e10 | 0, 4294967296.5 | 0, 2 ** 53 | 0);
console.log(null | 0, undefined | 0, true << 3, [] | 0, [7] << 1, {} | 0);

function toBinary(n) {
  return (n >>> 0).toString(2).padStart(32, '0');
}
console.log(toBinary(-1));
console.log(toBinary(-2));
console.log(toBinary(1 << 31));
console.log(toBinary(0x12345678));

function popcount(n) {
  let count = 0;
  n = n >>> 0;
  while (n) {
    count += n & 1;
    n >>>= 1;
  }
  return count;
}
console.log(popcount(0), popcount(255), popcount(-1), popcount(-256));

let flags = 0;
const READ = 1, WRITE = 2, EXEC = 4;
flags |= READ | EXEC;
console.log(flags, (flags & WRITE) !== 0, (flags & EXEC) !== 0);
flags &= ~READ;
flags ^= WRITE;
console.log(flags);

let h = 0;
for (const ch of 'hash me') h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
console.log(h, h >>> 0, Math.imul(0xffffffff, 5), Math.clz32(1), Math.clz32(0));

let x = -123456789;
x <<= 3;
console.log(x);
x >>= 5;
console.log(x);
x >>>= 4;
console.log(x);
