import { expect } from "chai";

import { councilSeatConflicts } from "../../cli/commands/staff.js";

/** `govchain staff` warns when one account would administer two council member departments (two members' weight). */
describe("govchain staff: council seat conflicts", function () {
  const A = "0x00000000000000000000000000000000000000aA";
  const B = "0x00000000000000000000000000000000000000bb";
  it("names an account that administers two member departments (any address case), not one that administers one member and others", function () {
    const conflicts = councilSeatConflicts(["SERVICE", "MARKET", "TAX"], {
      SERVICE: [A],
      MARKET: [A.toLowerCase(), B],
      TAX: [],
      PSB: [B], // not a council member: no extra weight
    });
    expect(conflicts).to.deep.equal([{ account: A, departments: ["MARKET", "SERVICE"] }]);
    expect(councilSeatConflicts(["SERVICE", "MARKET"], { SERVICE: [A], MARKET: [B] })).to.deep.equal([]);
    expect(councilSeatConflicts([], { SERVICE: [A], MARKET: [A] })).to.deep.equal([]);
  });
});
