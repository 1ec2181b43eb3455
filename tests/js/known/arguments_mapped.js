// Sloppy-mode mapped arguments: writes through `arguments[i]` and through parameter
// `i` alias each other. Tagus's arguments objects are always unmapped (strict semantics).
function mapped(a, b) {
  arguments[0] = 'changed via arguments';
  b = 'changed via param';
  return [a, arguments[1]];
}
console.log(mapped('orig a', 'orig b'));

