// String.prototype methods with string (not RegExp) arguments.
const s = 'Hello, World';
console.log(s.length, ''.length, 'é'.length, '😀'.length);
console.log(s.charAt(0), s.charAt(99) === '', s[4], s[99], s.at(-1));
console.log(s.charCodeAt(0), s.charCodeAt(99), '😀'.charCodeAt(0), '😀'.charCodeAt(1));
console.log('😀'.codePointAt(0), '😀'.codePointAt(1), 'A'.codePointAt(0), ''.codePointAt(0));
console.log(s.indexOf('o'), s.indexOf('o', 5), s.lastIndexOf('o'), s.indexOf('z'), s.indexOf(''));
console.log(s.includes('World'), s.includes('world'), s.startsWith('Hell'), s.endsWith('ld'));
console.log(s.slice(7), s.slice(-5), s.slice(0, -7), s.slice(5, 2) === '', s.slice(-3, -1));
console.log(s.substring(7), s.substring(5, 0), s.substring(-3, 2), s.substring(4, 4) === '');
console.log('a,b,,c'.split(','), 'abc'.split(''), 'abc'.split(), 'a b c'.split(' ', 2));
console.log(''.split(','), ''.split(''), 'one--two'.split('--'), 'x'.split('x'));
console.log(`[${'  \t padded \n '.trim()}]`, `[${'  left'.trimStart()}]`, `[${'right  '.trimEnd()}]`);
console.log('MiXeD ß'.toUpperCase(), 'MiXeD İ'.toLowerCase().length, 'ÉCOLE'.toLowerCase());
console.log('5'.padStart(3, '0'), 'abc'.padStart(8, '12'), 'abc'.padEnd(6, '.') + '|', 'abc'.padStart(2));
console.log('ab'.repeat(3), 'x'.repeat(0) === '', '-'.repeat(10));
try {
  'x'.repeat(-1);
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}
console.log('a-b-c'.replace('-', '+'), 'a-b-c'.replaceAll('-', '+'), 'aaa'.replace('a', '$&$&'));
console.log('price: X'.replace('X', () => '$5'), 'abc'.replace('b', (m, off) => `[${m}@${off}]`));
console.log('abc'.concat('def', 1), 'b' + 'a' + +'a' + 'a');
console.log('abc' < 'abd', 'a'.codePointAt(0) - 'A'.codePointAt(0));
console.log(String.fromCharCode(72, 105), String.fromCodePoint(0x1f600, 65), String.fromCharCode(0xd83d, 0xde00));
console.log('abc'.split('').reverse().join(''), [...'a😀b'].reverse().join(''));
console.log('Title case words here'.split(' ').map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(' '));
console.log('  many   spaces  '.split(' ').filter((x) => x).length);
console.log('abcabc'.indexOf('c', -5), 'abc'.lastIndexOf('a', -1), 'abc'.lastIndexOf(''));
const str = 'immutable';
str[0] = 'X';
console.log(str, typeof new String('boxed'), new String('boxed').length, String(new String('v')));
console.log('aXbXc'.split('X').join('Y'), 'tab\there'.length, 'new\nline'.split('\n'));
console.log('\u00e9' === 'é', 'e\u0301' === 'é', 'e\u0301'.length, '\u{1F600}' === '😀');
console.log('abc'.substr(1, 1), 'abcdef'.substr(-3, 2), 'x'.at(5), 'Straße'.length);
