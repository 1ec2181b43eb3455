function recurse(n) {
  return recurse(n + 1) + 1;
}
console.log('recursing forever');
recurse(0);
