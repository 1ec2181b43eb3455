// Seed 003's stack-and-heap example: an Employee object on the heap, primitives and
// function frames on the stack, and the bonus computed through two nested calls.
class Employee {
  constructor(name, salary, sales) {
    this.name = name;
    this.salary = salary;
    this.sales = sales;
  }
}

const BONUS_PERCENTAGE = 10;

function getBonusPercentage(salary) {
  const percentage = (salary * BONUS_PERCENTAGE) / 100;
  return percentage;
}

function findEmployeeBonus(salary, noOfSales) {
  const bonusPercentage = getBonusPercentage(salary);
  const bonus = bonusPercentage * noOfSales;
  return bonus;
}

let john = new Employee("John", 5000, 5);
john.bonus = findEmployeeBonus(john.salary, john.sales);
console.log(john.bonus);

// The values the program computes, step by step.
console.log(getBonusPercentage(john.salary));
console.log(john);
console.log(john instanceof Employee, Object.keys(john));
console.log(JSON.stringify(john));

// The same computation for a small team: many short-lived objects on the heap.
const team = [
  new Employee('Ann', 6000, 3),
  new Employee('Bob', 4200, 7),
  new Employee('Cy', 5150, 0),
];
for (const e of team) e.bonus = findEmployeeBonus(e.salary, e.sales);
console.log(team.map((e) => `${e.name}: ${e.bonus}`).join(', '));
console.log(team.reduce((sum, e) => sum + e.bonus, 0));

// A reference, not a copy: both names point at the same heap object.
const alias = john;
alias.bonus += 1;
console.log(john.bonus, alias === john);

// Many temporary employees: enough garbage to need collection, then a checksum.
let total = 0;
for (let i = 0; i < 100000; i++) {
  const temp = new Employee('Temp' + (i % 10), 1000 + (i % 500), i % 7);
  temp.bonus = findEmployeeBonus(temp.salary, temp.sales);
  total += temp.bonus;
}
console.log(total);
