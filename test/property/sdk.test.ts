import { expect } from "chai";
import { ZeroHash } from "ethers";

import {
  decodeUnitNumber,
  encodeUnitNumber,
  equalShares,
  hashTitle,
  isUnitNumber,
  parseUnitNumber,
  subjectCommitment,
  toTitleTuple,
  ValidationError,
} from "../../sdk/index.js";

describe("Property SDK helpers", function () {
  describe("unit numbers", function () {
    it("parses the national structure", function () {
      expect(parseUnitNumber("110105003001GB00001F00010001")).to.deep.equal({
        division: "110105",
        zone: "003",
        subzone: "001",
        parcelType: "GB",
        parcelSequence: "00001",
        fixture: "F00010001",
        landOnly: false,
      });
      expect(parseUnitNumber("110105003001GB00002W00000000").landOnly).to.equal(true);
    });

    it("round-trips through bytes32", function () {
      const encoded = encodeUnitNumber("110105003001GB00001F00010001");
      expect(encoded).to.match(/^0x[0-9a-f]{56}0{8}$/);
      expect(decodeUnitNumber(encoded)).to.equal("110105003001GB00001F00010001");
    });

    it("refuses every malformed part with a ValidationError naming it", function () {
      const bad: [string, RegExp][] = [
        ["110105003001GB00001F0001000", /28/],
        ["010105003001GB00001F00010001", /division/],
        ["1101050030A1GB00001F00010001", /zone/],
        ["110105003001G100001F00010001", /parcel code/],
        ["110105003001gb00001F00010001", /parcel code/],
        ["110105003001GB00000F00010001", /00000/],
        ["110105003001GB00001X00010001", /fixture/],
        ["110105003001GB00001W00010001", /fixture/],
        ["110105003001GB00001F00000000", /F00000000/],
      ];
      for (const [unitNumber, why] of bad) {
        expect(isUnitNumber(unitNumber), unitNumber).to.equal(false);
        expect(() => encodeUnitNumber(unitNumber), unitNumber)
          .to.throw(ValidationError)
          .with.property("message")
          .that.matches(why);
      }
    });
  });

  describe("titles", function () {
    const a = subjectCommitment("110101199001011237", `0x${"11".repeat(32)}`);
    const b = subjectCommitment("110101199202022346", `0x${"22".repeat(32)}`);

    it("sorts owners for the contract and hashes independently of input order", function () {
      const t1 = {
        kind: "byShares" as const,
        owners: [
          { commitment: a, share: 3_000 },
          { commitment: b, share: 7_000 },
        ],
      };
      const t2 = { kind: "byShares" as const, owners: [...t1.owners].reverse() };
      expect(hashTitle(t1)).to.equal(hashTitle(t2));
      const tuple = toTitleTuple(t1);
      expect(BigInt(tuple.owners[0]) < BigInt(tuple.owners[1])).to.equal(true);
    });

    it("splits equal shares that sum to 10,000", function () {
      expect(equalShares(3)).to.deep.equal([3334, 3333, 3333]);
      expect(equalShares(7).reduce((x, y) => x + y)).to.equal(10_000);
    });

    it("never puts an identifier on chain: commitments depend on the salt", function () {
      expect(subjectCommitment("110101199001011237", `0x${"33".repeat(32)}`)).to.not.equal(a);
      expect(() => subjectCommitment("x", "0x1234")).to.throw(ValidationError);
      expect(() => toTitleTuple({ kind: "sole", owners: [{ commitment: ZeroHash, share: 10_000 }] })).to.throw(
        ValidationError,
      );
    });
  });
});
